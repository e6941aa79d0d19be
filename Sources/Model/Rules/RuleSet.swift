/// The version of `RULES.md` (the clinical rules, kept in `shared/` beside the repository)
/// that the derivations implement. Outputs name it once per run: the audit log's `derive`
/// line (SPEC 7) and `mmpipe explain`. Raise it with RULES.md's own "Version N" line.
public let rulesVersion = "2"

/// `RULES.md version 2`: how outputs cite the rule set.
public var rulesCitation: String { "RULES.md version \(rulesVersion)" }
