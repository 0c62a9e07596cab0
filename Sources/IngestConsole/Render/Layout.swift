/// Where things go on a screen of a given size. Rows: 0 header, 1 breadcrumbs and tabs, 2 the panel's
/// top border, `height - 2` its bottom border, `height - 1` the flash or prompt line.
struct Layout: Sendable {
    let width: Int
    let height: Int
    /// The log view's fullscreen mode: the panel takes the header and breadcrumb rows too.
    var fullscreen = false

    static let minWidth = 80
    static let minHeight = 24

    var isTooSmall: Bool { width < Layout.minWidth || height < Layout.minHeight }
    var boxTop: Int { fullscreen ? 0 : 2 }
    var boxBottom: Int { height - 2 }
    /// First content row inside the box.
    var contentTop: Int { boxTop + 1 }
    /// Content rows inside the box.
    var contentRows: Int { max(0, boxBottom - boxTop - 1) }
    /// Table body rows (content minus the column header).
    var tableRows: Int { max(1, contentRows - 1) }
    /// Content columns inside the box (one column of padding each side).
    var innerWidth: Int { max(0, width - 4) }
    var contentLeft: Int { 2 }
}
