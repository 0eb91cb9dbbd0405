import SwitchboardConfig

/// Parses YAML as `test.yaml` and returns its problems.
func problems(in yaml: String) -> [ConfigProblem] {
    ConfigLoader.parse(yaml: yaml, file: "test.yaml").problems
}

/// The single problem of `kind`, if there is exactly one.
func onlyProblem(of kind: ConfigProblem.Kind, in yaml: String) -> ConfigProblem? {
    let matching = problems(in: yaml).filter { $0.kind == kind }
    return matching.count == 1 ? matching[0] : nil
}

/// A small valid configuration; tests append to or edit it. Line numbers below refer to this text.
let baseSkills = """
skills:
  - english
  - billing
  - technical
"""
