import ArgumentParser

/// `mmpipe synth`: a deterministic synthetic cohort (SPEC 3). STUB.
struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a deterministic, clinically plausible synthetic cohort in the reference layout.",
        discussion: "Example:\n  mmpipe synth --patients 1000 --sites 5 --seed 7 --out cohort/")

    func run() throws {}
}
