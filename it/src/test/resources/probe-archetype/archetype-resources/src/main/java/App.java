package ${package};

class App {}
