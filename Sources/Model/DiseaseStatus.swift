/// Disease status at the index regimen (RULES.md 7, `DISSTAT`).
public enum DiseaseStatus: String, Sendable, Hashable, CaseIterable {
    case refractory = "REFRACTORY"
    case noProgression = "NO_PROGRESSION"
    case symptomaticRelapse = "SYMPTOMATIC_RELAPSE"
    case biochemicalRelapse = "BIOCHEMICAL_RELAPSE"
}
