/// A semantic role a cell is drawn in. Themes map roles to colours and attributes; the renderer never
/// names a colour. The raw values are the keys of `themes/*.toml`.
public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
    case body
    case header
    case hintKey = "hint.key"
    case crumbs
    case border
    case borderFocus = "border.focus"
    case tableHeader = "table.header"
    case tableCursor = "table.cursor"
    /// A row marked with space (multi-select).
    case tableSelected = "table.selected"
    case dim
    case statusOK = "status.ok"
    case statusAlarm = "status.alarm"
    case statusInsufficient = "status.insufficient"
    case statusWarn = "status.warn"
    case flashInfo = "flash.info"
    case flashWarn = "flash.warn"
    case flashError = "flash.error"
    case logsIndicatorOn = "logs.indicator.on"
    case logsIndicatorOff = "logs.indicator.off"
    case danger
    case sparkline
    case dialog
    case prompt
}
