import Testing
@testable import MMStats

@Suite("ModelFrame codes variables as R's model.matrix")
struct ModelFrameTests {
    @Test("sorted levels, first level the reference, R's term names, complete cases counted")
    func coding() throws {
        let iss: [String?] = ["III", "I", nil, "II", "I", "III"]
        let sex: [String?] = ["M", "F", "F", "M", "F", "F"]
        let age: [String?] = ["70", "", "80", "60", "59", "71.5"]
        let frame = try ModelFrame([Covariate("ISS", iss, .factor()), Covariate("SEX", sex, .factor()),
                                    Covariate("AGE", age, .numeric)], count: 6)
        #expect(frame.terms == ["ISSII", "ISSIII", "SEXM", "AGE"])
        #expect(frame.rows == [0, 3, 4, 5])
        #expect(frame.dropped == 2)
        #expect(frame.x == [[0, 1, 1, 70], [1, 0, 1, 60], [0, 0, 0, 59], [0, 1, 0, 71.5]])
        #expect(frame.levels["ISS"] == ["I", "II", "III"])
    }

    @Test("an explicit reference level, interactions named as R names them")
    func referenceAndInteraction() throws {
        let arm: [String?] = ["IsaPd", "EloPd", "IsaPd", "EloPd"]
        let dara: [String?] = ["Y", "N", "N", "Y"]
        let frame = try ModelFrame([Covariate("TRT01P", arm, .factor(reference: "IsaPd")), Covariate("DARARFL", dara, .factor())],
                                   count: 4, interactions: [("TRT01P", "DARARFL")])
        #expect(frame.terms == ["TRT01PEloPd", "DARARFLY", "TRT01PEloPd:DARARFLY"])
        #expect(frame.x[3] == [1, 1, 1])
    }

    @Test("a factor left with one level is an error, not a silent column of zeros")
    func singleLevel() {
        #expect(throws: StatsError.singleLevel(variable: "SEX")) {
            try ModelFrame([Covariate("SEX", ["M", "M", nil], .factor())], count: 3)
        }
    }
}
