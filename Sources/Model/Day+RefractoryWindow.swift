extension Day {
    /// RULES.md 4 (a) and RULES.md 7 `REFRACTORY`: a progression on this day makes the patient
    /// refractory to a drug or line given from `firstDose` to `lastDose` — it falls from the first
    /// dose to `windowDays` (`refractory_window_days`, 60) after the last dose, both days
    /// included (day 60 in, day 61 out), and not after the index date. The one definition used by
    /// refractoriness (per drug) and disease status (previous line).
    public func isInRefractoryWindow(firstDose: Day, lastDose: Day, windowDays: Int, indexDate: Day) -> Bool {
        self >= firstDose && self <= indexDate && self - lastDose <= windowDays
    }
}
