@testable import MMDerive
import MMModel
import Testing

/// Confirmation by two consecutive assessments and BOR (RULES.md 2.3).
@Suite("RULES.md 2.3 confirmation and BOR")
struct ResponseConfirmationTests {
    typealias C = ResponseCategory

    func steps(_ cats: [C?], markers: Set<PDMarker> = [.serum]) -> [ConfirmationStep] {
        cats.enumerated().map { i, c in
            ConfirmationStep(date: day(28 * (i + 1)), category: c, pdMarkers: c == .pd ? markers : [])
        }
    }

    func confirmed(_ cats: [C?], _ context: ConfirmationContext = ConfirmationContext()) -> [C?] {
        confirmCategories(steps(cats), context: context).map(\.confirmed)
    }

    @Test("RULES 2.3 response sequences", arguments: [
        ([C.pr, .pr], [C?.some(.pr), .some(.sd)]),      // last PR alone is unconfirmed → SD
        ([.vgpr, .pr], [.pr, .sd]),                     // t2 lower but ≥ MR: t2's level at t1
        ([.pr, .sd], [.sd, .sd]),                       // t2 below MR: t1 is SD
        ([.pr, .mr], [.mr, .sd]),
        ([.pr, .vgpr, .vgpr], [.pr, .vgpr, .sd]),
        ([.cr, .pd], [.sd, nil]),
    ])
    func responseSequences(cats: [C], expected: [C?]) {
        #expect(confirmed(cats.map { Optional($0) }) == expected)
    }

    @Test("RULES 2.3 NE assessments are skipped: PR, NE, PR → PR confirmed")
    func neSkipped() {
        #expect(confirmed([.pr, .ne, .pr]) == [.pr, nil, .sd])
        #expect(confirmed([.pr, nil, .pr]) == [.pr, nil, .sd])
    }

    @Test("RULES 2.3 PD: confirmed by a second PD, not alone at the end")
    func pdConfirmation() {
        #expect(confirmed([.sd, .pd, .pd]) == [.sd, .pd, nil])
        #expect(confirmed([.sd, .pd]) == [.sd, nil])
        // A PD on another marker does not confirm.
        var s = steps([.pd, .pd])
        s[1].pdMarkers = [.urine]
        #expect(confirmCategories(s, context: ConfirmationContext()).map(\.confirmed) == [nil, nil])
        // A site-reported PD (no lab marker) as the next assessment confirms.
        s[1].pdMarkers = []
        s[1].standsAtOnce = true
        #expect(confirmCategories(s, context: ConfirmationContext()).map(\.confirmed) == [.pd, .pd])
    }

    @Test("RULES 2.3 PD then death confirms; PD, site assessment, death does not")
    func deathConfirmation() {
        var context = ConfirmationContext(deathDate: day(100), allAssessmentDates: [day(28), day(56)])
        #expect(confirmed([.sd, .pd], context) == [.sd, .pd])
        // A site assessment (no category) between the PD and death.
        context.allAssessmentDates = [day(28), day(56), day(70)]
        #expect(confirmed([.sd, .pd], context) == [.sd, nil])
        // Death after the next line started does not confirm.
        context = ConfirmationContext(deathDate: day(100), nextLineStart: day(90), allAssessmentDates: [day(28), day(56)])
        #expect(confirmed([.sd, .pd], context) == [.sd, nil])
    }

    @Test("RULES 2.3 options confirm_last, pd_confirmed_by_next_line, confirmation: not_required")
    func options() {
        #expect(confirmed([.sd, .pd], ConfirmationContext(confirmLast: true)) == [.sd, .pd])
        #expect(confirmed([.pr], ConfirmationContext(confirmLast: true)) == [.pr])
        #expect(confirmed([.sd, .pd], ConfirmationContext(pdConfirmedByNextLine: true, nextLineStart: day(90))) == [.sd, .pd])
        #expect(confirmed([.sd, .pd], ConfirmationContext(pdConfirmedByNextLine: true)) == [.sd, nil])
        #expect(confirmed([.pd, .sd], ConfirmationContext(pdConfirmedByNextLine: true, nextLineStart: day(90))) == [nil, .sd])
        #expect(confirmed([.vgpr, .sd], ConfirmationContext(policy: .notRequired)) == [.vgpr, .sd])
    }

    @Test("RULES 2.3 marrow and imaging stand at once")
    func standsAtOnce() {
        var s = steps([.pd])
        s[0].pdMarkers = [.lesion]
        s[0].standsAtOnce = true
        #expect(confirmCategories(s, context: ConfirmationContext()).map(\.confirmed) == [.pd])
    }

    @Test("RULES 2.3 BOR: best confirmed before PD; PD when progression came first; NE otherwise")
    func bor() {
        let dates = [day(28), day(56), day(84)]
        let a = bestOverallResponse(dates: dates, confirmed: [.pr, .vgpr, .sd], progression: nil)
        #expect(a.bor == .vgpr && a.date == day(56))
        let b = bestOverallResponse(dates: dates, confirmed: [.sd, .pr, .sd], progression: day(56))
        #expect(b.bor == .sd && b.date == day(28))
        let c = bestOverallResponse(dates: dates, confirmed: [.pd, nil, nil], progression: day(28))
        #expect(c.bor == .pd && c.date == day(28))
        let d = bestOverallResponse(dates: dates, confirmed: [nil, nil, nil], progression: nil)
        #expect(d.bor == .ne && d.date == nil)
        let e = bestOverallResponse(dates: dates, confirmed: [.pr, .pr, .sd], progression: nil)
        #expect(e.bor == .pr && e.date == day(28))
    }
}
