/// The version of `RULES.md` the derivations implement (RULES.md head: "Version 2
/// (2026-12-06)"). Outputs name it: the audit log's run-level `derive` line and
/// `manifest.json` (`rules.version`).
public let rulesVersion = 2

/// `RULES.md version 2`: how the audit log and `mmpipe explain` cite the rule set.
public var rulesCitation: String { "RULES.md version \(rulesVersion)" }
