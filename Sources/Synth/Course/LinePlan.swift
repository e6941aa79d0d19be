import Foundation
import MMModel

/// Fixed dates of the synthetic study: diagnoses 2012–2022, IsaPd available from mid-2020
/// (the seeds' IsaPd cohort was treated from January 2021), data cut-off 2025-06-30.
enum StudyCalendar {
    static let cutoff = Day(rawValue: 20269)          // 2025-06-30
    static let firstDiagnosis = Day(rawValue: 15340)  // 2012-01-01
    static let lastDiagnosis = Day(rawValue: 19357)   // 2022-12-31
    static let isaAvailable = Day(rawValue: 18444)    // 2020-07-01
}

/// The marker that carries the patient's response (RULES.md 2.1 hierarchy).
enum MainMarker { case serum, urine, flc, marrow }

/// The patient's disease markers at diagnosis. Every marker follows one "tumour load" Λ
/// (1 at diagnosis): M-protein = value at diagnosis × Λ, so that all markers fall with
/// response and rise at progression together.
struct DiseaseMarkers {
    var serum0 = 0.0             // g/dL
    var urine0 = 0.0             // mg/24h
    var flcInvolved0 = 0.0       // mg/L
    var flcInvolvedNormal = 12.0
    var flcUninvolvedNormal = 14.0
    var flcUninvolvedSuppressed = 6.0
    var bmpc0 = 40.0             // %
    var secretory = true
    var main = MainMarker.serum

    /// The rise in load that makes the main marker cross the IMWG PD threshold (RULES.md
    /// 2.2: serum +0.5 g/dL, urine +200 mg/24h, dFLC +100 mg/L, marrow +10 points).
    var pdThresholdLoad: Double {
        switch main {
        case .serum: return 0.5 / max(serum0, 0.1)
        case .urine: return 200 / max(urine0, 1)
        case .flc: return 100 / max(flcInvolved0 - flcInvolvedNormal, 1)
        case .marrow: return 12 / max(bmpc0 - 1.5, 1)
        }
    }
}

/// Clinical features reported at a progression (feed `assessments.csv` and the next line's labs).
struct RelapseFeatures {
    var type: ProgressionType = .biochemical
    var newLesion = false
    var plasmacytoma = false
    var crab = ""
}

/// One planned line of therapy and its disease kinetics.
struct LinePlan {
    var number: Int
    var regimen: Regimen
    var start: Day
    /// Line 1 with induction → melphalan/ASCT → lenalidomide maintenance.
    var transplant = false
    /// Line 1 VRd followed by lenalidomide maintenance (transplant-ineligible).
    var inductionThenMaintenance = false
    /// Planned progression (or toxicity stop) date; may lie beyond follow-up.
    var endEvent: Day
    var toxicity = false
    var response: ResponseCategory
    var gapAfter: Int

    // Kinetics: load(t) = B·(f + (1 − f)·e^(−(t − start)/τ)) + rate·(t − riseStart)⁺
    var nadirFraction = 1.0
    var tau = 40.0
    var baselineLoad = 1.0
    var riseStart: Day?
    var riseRate = 0.0

    // Resolved against follow-up.
    var progression: Day?
    var therapyEnd: Day?
    var stop: StopReason = .ongoing
    var relapse: RelapseFeatures?

    init(number: Int, regimen: Regimen, start: Day, endEvent: Day, response: ResponseCategory, gapAfter: Int) {
        self.number = number
        self.regimen = regimen
        self.start = start
        self.endEvent = endEvent
        self.response = response
        self.gapAfter = gapAfter
    }

    /// Days before a progression the load starts to rise (after the last pre-progression visit).
    static let riseDays = 20

    /// The load at `t` (t within the line's span).
    func load(at t: Day) -> Double {
        var decline = Double(t - start)
        if toxicity, let e = therapyEnd, t > e { decline = Double(e - start) }
        var v = baselineLoad * (nadirFraction + (1 - nadirFraction) * exp(-max(0, decline) / tau))
        if let rs = riseStart, t > rs {
            // After the progression date the rise slows (the next line usually starts soon).
            if let p = progression, t > p {
                v += riseRate * (Double(p - rs) + 0.4 * Double(t - p))
            } else {
                v += riseRate * Double(t - rs)
            }
        }
        return v
    }
}
