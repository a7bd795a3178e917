// dockerfile-json prints a Dockerfile as BuildKit reads it, as JSON, so that tests in other languages inspect
// exactly what `docker build` would build instead of re-parsing Dockerfile syntax themselves.
//
//	dockerfile-json [-o OUT] [FILE]  read FILE (standard input when FILE is missing or "-"), write the JSON to
//	                                 OUT (standard output when OUT is missing or "-")
//	dockerfile-json -version         print the BuildKit version this binary was built with
//
// BuildKit's parser does the reading (comments, continuation lines, heredocs, directives such as escape=), and
// BuildKit's instruction parser groups the result into stages and checks every instruction and flag, the way the
// dockerfile frontend does before it builds anything. Nothing is expanded: build arguments and the base images'
// environments are unknown here, so $VARIABLES stay as written.
//
// Exit status 0 with the JSON written; 1 with BuildKit's message on standard error when the Dockerfile
// does not parse; 2 on a usage error. BuildKit's warnings go to standard error and leave the exit status at 0.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// dockerfile is the whole file. Every list is present (possibly empty) and every optional string is null when
// absent, so readers never have to tell a missing field from an empty one.
type dockerfile struct {
	EscapeToken string     `json:"escapeToken"`
	MetaArgs    []keyValue `json:"metaArgs"` // the ARGs before the first FROM, which FROM lines may use
	Stages      []stage    `json:"stages"`
}

type stage struct {
	Name         *string       `json:"name"` // lower-cased by BuildKit, as COPY --from matches it; null if unnamed
	Base         string        `json:"base"` // as written: an image reference or an earlier stage's name
	Platform     *string       `json:"platform"`
	Line         int           `json:"line"` // of the FROM instruction, counting from 1
	Instructions []instruction `json:"instructions"`
}

type instruction struct {
	Keyword string `json:"keyword"` // upper case: "RUN", "COPY", ...
	Line    int    `json:"line"`
	EndLine int    `json:"endLine"` // the last line, after continuation lines and heredoc bodies
	// Flags as written (--mount=type=cache,... gives "mount": ["type=cache,..."]), split at the first "=" as
	// BuildKit's flag parser splits them; repeatable flags such as --mount keep every value, in order; a flag
	// written without "=" (--link) has the value "".
	Flags map[string][]string `json:"flags"`
	// The words after the keyword and its flags as BuildKit's parser splits them, quotes kept: a JSON array's
	// elements; the whole command line of a shell-form RUN, CMD or ENTRYPOINT as one word; for ENV and LABEL
	// key, value and "=" (or "") triples, which keyValues below gives as BuildKit understands them.
	Arguments []string `json:"arguments"`
	// Whether the command is in exec (JSON array) form, i.e. runs without a shell: for RUN, CMD, ENTRYPOINT and
	// HEALTHCHECK as BuildKit runs them; for other instructions whether their arguments were a JSON array.
	ExecForm bool `json:"execForm"`
	// RUN, CMD, ENTRYPOINT, HEALTHCHECK CMD: the exec form's argv, or the shell form's command line as one
	// element. Empty for other instructions and for HEALTHCHECK NONE.
	Command []string `json:"command"`
	// Shell-form RUN, CMD, ENTRYPOINT, HEALTHCHECK CMD: the one string BuildKit hands to the shell (`sh -c`),
	// with heredocs folded in as BuildKit's dispatcher folds them. Null in exec form, and for a RUN whose only
	// heredoc starts with "#!", which BuildKit runs as an executable file instead.
	Script *string `json:"script"`
	// ENV and LABEL pairs, in order, quotes and escapes processed as BuildKit processes them (variables stay).
	KeyValues []keyValue `json:"keyValues"`
	Heredocs  []heredoc  `json:"heredocs"`
}

type keyValue struct {
	Key   string  `json:"key"`
	Value *string `json:"value"` // null only for an ARG without a default
}

type heredoc struct {
	Name    string `json:"name"`    // the delimiter word, e.g. EOF
	Content string `json:"content"` // the body, with leading tabs removed for <<- as BuildKit removes them
	Expand  bool   `json:"expand"`  // false for a quoted delimiter (<<"EOF"): BuildKit expands no variables in it
}

func main() {
	// -o lets a caller that merges standard error into standard output (as the Java tests' command runner does)
	// keep the JSON apart from BuildKit's warnings.
	output := flag.String("o", "-", "write the JSON to `OUT` instead of standard output")
	version := flag.Bool("version", false, "print the BuildKit version this binary was built with")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: dockerfile-json [-o OUT] [FILE]  |  dockerfile-json -version")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *version {
		fmt.Println("dockerfile-json with github.com/moby/buildkit " + buildkitVersion())
		return
	}
	if flag.NArg() > 1 {
		flag.Usage()
		os.Exit(2)
	}
	source := "-"
	if flag.NArg() == 1 {
		source = flag.Arg(0)
	}
	text, err := read(source)
	if err != nil {
		fail(source, err)
	}
	doc, err := convert(text, func(warning string) {
		fmt.Fprintf(os.Stderr, "dockerfile-json: %s: warning: %s\n", displayName(source), warning)
	})
	if err != nil {
		fail(source, err)
	}
	var encoded bytes.Buffer
	out := json.NewEncoder(&encoded)
	// Shell commands are full of & < >: keep them readable instead of \u0026.
	out.SetEscapeHTML(false)
	out.SetIndent("", "  ")
	if err := out.Encode(doc); err != nil {
		fail(source, err)
	}
	if *output == "-" {
		_, err = os.Stdout.Write(encoded.Bytes())
	} else {
		err = os.WriteFile(*output, encoded.Bytes(), 0o644)
	}
	if err != nil {
		fail(source, err)
	}
}

func displayName(source string) string {
	if source == "-" {
		return "<stdin>"
	}
	return source
}

func read(source string) ([]byte, error) {
	if source == "-" {
		return io.ReadAll(os.Stdin)
	}
	return os.ReadFile(source)
}

// fail prints BuildKit's own message, with the line BuildKit located the problem on when the message lacks one.
func fail(source string, err error) {
	var located *parser.LocationError
	message := err.Error()
	if errors.As(err, &located) && len(located.Locations) > 0 && len(located.Locations[0]) > 0 &&
		located.Locations[0][0].Start.Line > 0 && !strings.Contains(message, " line ") {
		message = fmt.Sprintf("line %d: %s", located.Locations[0][0].Start.Line, message)
	}
	fmt.Fprintf(os.Stderr, "dockerfile-json: %s: %s\n", displayName(source), message)
	os.Exit(1)
}

func convert(text []byte, warn func(string)) (*dockerfile, error) {
	parsed, err := parser.Parse(bytes.NewReader(text))
	if err != nil {
		return nil, err
	}
	for _, w := range parsed.Warnings {
		warn(fmt.Sprintf("%s (%s)", w.Short, w.URL))
	}
	// The checks BuildKit runs while it parses instructions (stage name casing, FROM/AS casing, ...) report
	// through the linter; their warnings are BuildKit's warnings too.
	lint := linter.New(&linter.Config{Warn: func(rule, _, url, message string, location []parser.Range) {
		line := 0
		if len(location) > 0 {
			line = location[0].Start.Line
		}
		warn(fmt.Sprintf("line %d: %s: %s (%s)", line, rule, message, url))
	}})
	stages, metaArgs, err := instructions.Parse(parsed.AST, lint)
	if err != nil {
		return nil, err
	}

	// The typed commands hold what BuildKit understood; the parser's nodes hold the words and flags as written.
	// Every instruction starts on a line of its own, so the start line joins the two.
	nodes := map[int]*parser.Node{}
	for _, node := range parsed.AST.Children {
		nodes[node.StartLine] = node
	}
	// BuildKit's shell-word processing with no variables known and unknown ones left alone: it removes quotes
	// and escapes exactly as the dispatcher does before it sets ENV and LABEL values.
	lex := shell.NewLex(parsed.EscapeToken)
	lex.SkipUnsetEnv = true
	unquote := func(word string) (string, error) {
		result, _, err := lex.ProcessWord(word, noVariables{})
		return result, err
	}

	doc := &dockerfile{EscapeToken: string(parsed.EscapeToken), MetaArgs: []keyValue{}, Stages: []stage{}}
	for _, arg := range metaArgs {
		for _, pair := range arg.Args {
			meta := keyValue{Key: pair.Key}
			if pair.Value != nil {
				value, err := unquote(*pair.Value)
				if err != nil {
					return nil, parser.WithLocation(err, arg.Location())
				}
				meta.Value = &value
			}
			doc.MetaArgs = append(doc.MetaArgs, meta)
		}
	}
	for _, s := range stages {
		out := stage{Base: s.BaseName, Name: optional(s.Name), Platform: optional(s.Platform),
			Line: s.Location[0].Start.Line, Instructions: []instruction{}}
		for _, cmd := range s.Commands {
			node := nodes[cmd.Location()[0].Start.Line]
			if node == nil {
				return nil, fmt.Errorf("line %d: no parser node for %s", cmd.Location()[0].Start.Line, cmd.Name())
			}
			i, err := describe(cmd, node, unquote)
			if err != nil {
				return nil, parser.WithLocation(err, node.Location())
			}
			out.Instructions = append(out.Instructions, i)
		}
		doc.Stages = append(doc.Stages, out)
	}
	return doc, nil
}

func describe(cmd instructions.Command, node *parser.Node, unquote func(string) (string, error)) (instruction, error) {
	i := instruction{
		Keyword:   strings.ToUpper(node.Value),
		Line:      node.StartLine,
		EndLine:   node.EndLine,
		Flags:     map[string][]string{},
		Arguments: arguments(node),
		ExecForm:  node.Attributes["json"],
		Command:   []string{},
		KeyValues: []keyValue{},
		Heredocs:  []heredoc{},
	}
	for _, flag := range node.Flags {
		name, value, _ := strings.Cut(strings.TrimPrefix(flag, "--"), "=")
		i.Flags[name] = append(i.Flags[name], value)
	}
	for _, h := range node.Heredocs {
		content := h.Content
		if h.Chomp {
			content = parser.ChompHeredocContent(content)
		}
		i.Heredocs = append(i.Heredocs, heredoc{Name: h.Name, Content: content, Expand: h.Expand})
	}

	var pairs instructions.KeyValuePairs
	switch c := cmd.(type) {
	case *instructions.RunCommand:
		i.setCommand(c.ShellDependantCmdLine, runScript(c.ShellDependantCmdLine))
	case *instructions.CmdCommand:
		i.setCommand(c.ShellDependantCmdLine, shellScript(c.ShellDependantCmdLine))
	case *instructions.EntrypointCommand:
		i.setCommand(c.ShellDependantCmdLine, shellScript(c.ShellDependantCmdLine))
	case *instructions.HealthCheckCommand:
		// BuildKit stores the probe as Docker does: ["CMD", argv...], ["CMD-SHELL", line] or ["NONE"].
		test := c.Health.Test
		i.ExecForm = test[0] == "CMD"
		i.Command = append(i.Command, test[1:]...)
		if test[0] == "CMD-SHELL" {
			i.Script = optional(strings.Join(test[1:], " "))
		}
	case *instructions.EnvCommand:
		pairs = c.Env
	case *instructions.LabelCommand:
		pairs = c.Labels
	}
	for _, pair := range pairs {
		key, err := unquote(pair.Key)
		if err != nil {
			return i, err
		}
		value, err := unquote(pair.Value)
		if err != nil {
			return i, err
		}
		i.KeyValues = append(i.KeyValues, keyValue{Key: key, Value: &value})
	}
	return i, nil
}

func (i *instruction) setCommand(line instructions.ShellDependantCmdLine, script *string) {
	i.ExecForm = !line.PrependShell
	i.Command = append(i.Command, line.CmdLine...)
	i.Script = script
}

// shellScript is what BuildKit appends to the shell for a shell-form command (dockerfile2llb's withShell).
func shellScript(line instructions.ShellDependantCmdLine) *string {
	if !line.PrependShell {
		return nil
	}
	return optional(strings.Join(line.CmdLine, " "))
}

// runScript folds a RUN's heredocs into its shell command as BuildKit's dispatchRun does: a RUN that is a single
// heredoc runs the heredoc's body; any other heredoc stays a shell heredoc, with its body and delimiter appended.
func runScript(line instructions.ShellDependantCmdLine) *string {
	if len(line.Files) == 0 || !line.PrependShell || len(line.CmdLine) != 1 {
		return shellScript(line)
	}
	if heredoc := parser.MustParseHeredoc(line.CmdLine[0]); heredoc != nil {
		data := line.Files[0].Data
		if line.Files[0].Chomp {
			data = parser.ChompHeredocContent(data)
		}
		if strings.HasPrefix(data, "#!") {
			return nil
		}
		return &data
	}
	var script strings.Builder
	script.WriteString(line.CmdLine[0])
	for _, file := range line.Files {
		script.WriteString("\n" + file.Data + file.Name)
	}
	return optional(script.String())
}

// arguments lists a node's words as BuildKit's instruction parser does (its unexported nodeArgs): a sub-command
// such as HEALTHCHECK's CMD or ONBUILD's instruction contributes its keyword followed by its own words.
func arguments(node *parser.Node) []string {
	words := []string{}
	for next := node.Next; next != nil; next = next.Next {
		switch len(next.Children) {
		case 0:
			words = append(words, next.Value)
		case 1:
			words = append(words, next.Children[0].Value)
			words = append(words, arguments(next.Children[0])...)
		}
	}
	return words
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// noVariables is an environment in which no variable is set.
type noVariables struct{}

func (noVariables) Get(string) (string, bool) { return "", false }
func (noVariables) Keys() []string            { return nil }

// buildkitVersion reads the BuildKit module version from the build information Go embeds in every binary.
func buildkitVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/moby/buildkit" {
				return dep.Version
			}
		}
	}
	return "(unknown)"
}
