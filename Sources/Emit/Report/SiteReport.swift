import MMModel

/// The per-site validation report `report.html` (SPEC 7): self-contained HTML. STUB —
/// replaced by the validate work.
public enum SiteReport {
    public static func render(_ output: RunOutput) -> String {
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>mmpipe report</title></head><body></body></html>\n"
    }
}
