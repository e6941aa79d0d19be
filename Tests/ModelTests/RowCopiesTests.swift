import Foundation
import Testing
@testable import MMModel

/// The list of a patient's exact copies (SPEC 8): a few bytes a copy, spilled past what it
/// holds, given back exactly and in order.
@Suite("Copies of rows, held and spilled")
struct RowCopiesTests {
    @Test(arguments: [1 << 20, 64, 1])
    func copiesComeBackInOrder(heldBytes: Int) {
        var list = CopyList<String>(spillDirectory: FileManager.default.temporaryDirectory.path, heldBytes: heldBytes)
        let a = list.addOriginal("row A"), b = list.addOriginal("row B")
        var expected: [RowCopy] = []
        for i in 0..<5_000 {
            // CSV lines, going forward and back, across two files; ODM paths; a regimen row's drugs.
            let file = i % 7 == 0 ? "s02_labs.csv" : "s01_labs.csv"
            let line = i % 11 == 0 ? 3 : 1_000_000 + i
            let path: String? = i % 13 == 0 ? "SubjectData[@SubjectKey='*']/ItemGroupData[\(i)]" : nil
            let copy = RowCopy(original: i % 3 == 0 ? b : a, provenance: Provenance(file: file, line: line, xmlPath: path),
                               position: i / 2)
            list.add(copyOf: copy.original, at: copy.provenance, position: copy.position)
            if i % 5 == 0 {
                list.add(copyOf: copy.original, at: copy.provenance, position: copy.position)
                expected.append(copy)
            }
            expected.append(copy)
        }
        var got: [RowCopy] = []
        list.forEach { got.append($0) }
        #expect(got == expected)
        #expect(list.count == expected.count)
        #expect(list.rows == 5_000, "a run of copies of one source row is one row")
        #expect(list.originals == ["row A", "row B"])
    }
}
