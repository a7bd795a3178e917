// Runs inside `mvn archetype:generate`, after Maven has written the files. Maven checks nothing in batch mode
// (validationRegex applies only at the interactive prompt), so the values are checked here against the rule table
// scaffolder-core uses too. Its classes ship inside this archetype jar, the context class loader while this runs.
def loader = Thread.currentThread().contextClassLoader
loader.loadClass('dev.rustkit.scaffolder.archetype.PostGenerate')
        .run(request.outputDirectory, request.properties)
