/// What a key does, by a stable id (`queues.purge`): callers and a future remapping file name actions,
/// never keys.
public enum KeyAction: String, Sendable, Hashable, CaseIterable {
    case quit = "app.quit"
    case help = "app.help"
    case filter = "app.filter"
    case command = "app.command"
    case back = "app.back"
    case refresh = "app.refresh"
    case suspend = "app.suspend"
    case nextPanel = "panel.next"
    case previousPanel = "panel.previous"
    case panelPipeline = "panel.pipeline"
    case panelQueues = "panel.queues"
    case panelDeadLetters = "panel.dlq"
    case panelAlarms = "panel.alarms"
    case panelLogs = "panel.logs"
    case panelFunctions = "panel.functions"
    case panelTables = "panel.tables"
    case panelMoveTasks = "panel.moves"

    case down = "nav.down"
    case up = "nav.up"
    case top = "nav.top"
    case bottom = "nav.bottom"
    case pageDown = "nav.pageDown"
    case pageUp = "nav.pageUp"
    case open = "nav.open"

    case replay = "pipeline.replay"

    case linkedQueue = "queues.linked"
    case purge = "queues.purge"
    case redriveAll = "queues.redriveAll"

    case toggleSelect = "dlq.select"
    case selectPage = "dlq.selectPage"
    case redriveSelected = "dlq.redrive"
    case redriveAllMessages = "dlq.redriveAll"
    case purgeDeadLetters = "dlq.purge"
    case nextPage = "dlq.nextPage"
    case previousPage = "dlq.previousPage"
    case deleteMessage = "dlq.delete"
    case editMessage = "dlq.edit"

    case redriveMessage = "message.redrive"
    case editDetailMessage = "message.edit"
    case deleteDetailMessage = "message.delete"

    case wrap = "logs.wrap"
    case timestamps = "logs.timestamps"
    case mark = "logs.mark"
    case fullscreen = "logs.fullscreen"
    case save = "logs.save"
    case cycleSource = "logs.source"
    case cycleLevel = "logs.level"
    case scrollLeft = "logs.left"
    case scrollRight = "logs.right"

    case switchHandler = "functions.handler"
    case toggleMappings = "functions.toggleMappings"

    case resetStream = "tables.resetStream"

    case cancelMoveTask = "moves.cancel"
}
