import ArgumentParser

/// `mmpipe summarize`: Table 1, responses and Kaplan–Meier from an emitted dataset (SPEC 3). STUB.
struct Summarize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Summarise an emitted dataset: Table 1, response table, Kaplan–Meier (HTML + CSV).",
        discussion: "Example:\n  mmpipe summarize out/")

    func run() throws {}
}
