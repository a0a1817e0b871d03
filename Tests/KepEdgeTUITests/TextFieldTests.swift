import Testing
import KepEdgeTUI

@Suite struct TextFieldTests {
    @Test func typingInsertsAtTheCursor() {
        var field = TextField("gateway")
        field.moveHome()
        field.handle(.character("e"))
        field.handle(.character("-"))
        #expect(field.value == "e-gateway")
        #expect(field.cursor == 2)
    }

    @Test func backspaceAndDeleteRemoveOnEitherSideOfTheCursor() {
        var field = TextField("abcd")
        field.handle(.left)
        field.handle(.backspace)
        #expect(field.value == "abd" && field.cursor == 2)
        field.handle(.delete)
        #expect(field.value == "ab" && field.cursor == 2)
        field.handle(.delete)  // at the end: nothing
        field.handle(.home)
        field.handle(.backspace)  // at the start: nothing
        #expect(field.value == "ab" && field.cursor == 0)
    }

    @Test func homeEndAndArrowsStayInsideTheText() {
        var field = TextField("abc")
        field.handle(.right)
        #expect(field.cursor == 3)
        field.handle(.home)
        field.handle(.left)
        #expect(field.cursor == 0)
        field.handle(.end)
        #expect(field.cursor == 3)
        field.handle(.control("a"))
        #expect(field.cursor == 0)
        field.handle(.control("e"))
        #expect(field.cursor == 3)
    }

    @Test func ctrlUDeletesFromTheStartToTheCursor() {
        var field = TextField("HostName=hub.example")
        for _ in 0..<11 { field.handle(.left) }  // the cursor after "HostName="
        field.handle(.control("u"))
        #expect(field.value == "hub.example")
        #expect(field.cursor == 0)
    }

    @Test func pasteDropsLineBreaksAndControlCharacters() {
        var field = TextField()
        field.insert("SharedAccessKey=abc\r\n\tdef\u{1B}")
        #expect(field.value == "SharedAccessKey=abcdef")
        #expect(field.cursor == field.value.count)
    }

    @Test func keysAFieldDoesNotUseAreLeftToTheForm() {
        var field = TextField("x")
        let usedTab = field.handle(.tab), usedEnter = field.handle(.enter), usedPageDown = field.handle(.pageDown)
        #expect(!usedTab && !usedEnter && !usedPageDown)
        #expect(field.value == "x")
    }

    @Test func viewportScrollsRightOnlyAsFarAsTheCursorNeeds() {
        var field = TextField("0123456789")
        // Cursor at the end needs one free column: the last 4 characters show.
        #expect(field.viewport(width: 5) == ("6789", 4))
        field.moveHome()
        #expect(field.viewport(width: 5) == ("01234", 0))
        for _ in 0..<7 { field.moveRight() }
        #expect(field.viewport(width: 5) == ("34567", 4))
    }

    @Test func viewportMasksSecretsCharacterForCharacter() {
        let field = TextField("s3cret")
        #expect(field.viewport(width: 10, mask: "•") == ("••••••", 6))
    }
}

/// A window that does not show a whole value says so, so a path's tail does not read as another path.
@Suite struct TextFieldCutMarkTests {
    let marks = (left: "…", right: "…")

    @Test func aValueThatFitsHasNoMarks() {
        #expect(TextField("abc").viewport(width: 5, cutMarks: marks) == ("abc", 3))
    }

    @Test func aLongValueWithTheCursorAtTheEndShowsItsTailAfterALeadingMark() {
        let path = TextField("/tmp/kepedge-lab-x/certs/certs/azure-iot-test-only.root.ca.cert.pem")
        let view = path.viewport(width: 30, cutMarks: marks)
        // 30 columns: the mark, the last 28 characters, the cursor cell.
        #expect(view.text == "…" + path.value.suffix(28))
        #expect(view.cursorColumn == 29)
    }

    @Test func aValueCutOnTheRightEndsWithAMarkAndTheCursorStaysOnAShownCharacter() {
        var field = TextField("0123456789")
        field.moveHome()
        #expect(field.viewport(width: 5, cutMarks: marks) == ("0123…", 0))
        for _ in 0..<5 { field.moveRight() }
        // Hidden on both sides: the cursor (on "5") stays on a shown character.
        #expect(field.viewport(width: 5, cutMarks: marks) == ("…345…", 3))
    }

    @Test func asciiMarksAreAngleBrackets() {
        var field = TextField("0123456789")
        #expect(field.viewport(width: 5, cutMarks: GlyphSet.ascii.fieldCutMarks) == ("<789", 4))
        field.moveHome()
        #expect(field.viewport(width: 5, cutMarks: GlyphSet.ascii.fieldCutMarks) == ("0123>", 0))
    }
}
