/// `RULES.md version 2`: how outputs cite the rule set.
public var rulesCitation: String { "RULES.md version \(rulesVersion)" }
