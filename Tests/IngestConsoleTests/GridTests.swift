import Testing
@testable import IngestConsole

@Suite("Grid")
struct GridTests {
    @Test("text is clipped at the right edge and at maxWidth")
    func clipping() {
        var g = Grid(width: 10, height: 2)
        #expect(g.put("hello world", x: 2, y: 0, role: .body) == 8)
        #expect(g.line(0) == "  hello wo")
        #expect(g.put("abcdef", x: 0, y: 1, role: .header, maxWidth: 3) == 3)
        #expect(g.line(1) == "abc       ")
        #expect(g[1, 1].role == .header)
    }

    @Test("a wide character takes two columns and is never split")
    func wide() {
        var g = Grid(width: 5, height: 1)
        #expect(g.put("a日本", x: 0, y: 0, role: .body) == 5)
        #expect(g.line(0) == "a日本")
        #expect(g[2, 0].isContinuation)
        var h = Grid(width: 4, height: 1)
        #expect(h.put("ab日", x: 1, y: 0, role: .body) == 2)
        #expect(h.line(0) == " ab ")
    }

    @Test("display width follows wcwidth's rules for common cases")
    func widths() {
        #expect(DisplayWidth.of("é") == 1)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("🔥") == 2)
        #expect(DisplayWidth.of("│─┌") == 3)
    }
}
