/// The alarm operations of the CloudWatch API that the template-driven runner did not need: creating,
/// reconfiguring and deleting alarms at run time, durably, and reading whole alarms (`DescribeAlarms`).
extension AlarmRunner {
    /// The most alarms the engine keeps (CloudWatch's default quota per Region).
    public static let maxAlarms = 10_000

    /// Every alarm, by name.
    public func alarmList() -> [Alarm] { alarms.sorted { $0.definition.name < $1.definition.name } }

    /// One alarm by name.
    public func alarm(_ name: String) -> Alarm? { alarms.first { $0.definition.name == name } }

    /// `PutMetricAlarm`: creates the alarm (in INSUFFICIENT_DATA, evaluated from the next tick like a template
    /// alarm), or replaces an existing one's configuration keeping its state. Validated as AWS does; durable
    /// before it returns (a store that cannot write is `ServiceUnavailable`).
    @discardableResult
    public func putAlarm(_ definition: AlarmDefinition, fromTemplate: Bool = false) async throws -> Alarm {
        try definition.validate()
        let now = clock.now()
        let alarm: Alarm
        let createdAt: Timestamp
        if let i = alarms.firstIndex(where: { $0.definition.name == definition.name }) {
            createdAt = alarms[i].history.first?.timestamp ?? now
            alarms[i].update(definition: definition, now: now)
            alarm = alarms[i]
        } else {
            guard alarms.count < Self.maxAlarms else {
                throw AlarmError(alarm: definition.name, code: "LimitExceeded", message: "The maximum number of alarms (\(Self.maxAlarms)) has been reached.")
            }
            createdAt = now
            alarm = Alarm(definition: definition, now: now)
            alarms.append(alarm)
        }
        logBook.append(level: .info, source: "alarms", requestId: nil, message: "\(definition.name): configuration put through the API", at: now)
        if engine.store.recordsChanges {
            let record = AlarmRecord(definition: definition, createdAt: createdAt, updatedAt: now, fromTemplate: fromTemplate)
            try await durable([.putAlarm(record), .alarm(alarm.record)])
        }
        return alarm
    }

    /// `DeleteAlarms`: every name must exist (else `ResourceNotFound` and nothing is deleted). Their state and
    /// history go with them, durably. A template alarm deleted this way comes back at the next start, as a
    /// template queue does.
    public func deleteAlarms(_ names: [String]) async throws {
        let missing = names.filter { n in !alarms.contains { $0.definition.name == n } }
        guard missing.isEmpty else {
            throw SQSError.resourceNotFound("\(missing.count) of the alarms do not exist: \(missing.joined(separator: ", ")).")
        }
        let doomed = Set(names)
        alarms.removeAll { doomed.contains($0.definition.name) }
        for n in names.sorted() {
            logBook.append(level: .warn, source: "alarms", requestId: nil, message: "\(n): deleted through the API", at: clock.now())
        }
        if engine.store.recordsChanges, !doomed.isEmpty { try await durable(doomed.sorted().map { .dropAlarm(name: $0) }) }
    }

    /// `SetAlarmState` with `StateReasonData`: forces the state; a change fires the new state's actions.
    public func setState(_ name: String, to state: AlarmState, reason: String, reasonData: String?) async throws {
        guard let i = alarms.firstIndex(where: { $0.definition.name == name }) else {
            throw SQSError.resourceNotFound("Alarm \(name) does not exist.")
        }
        if let t = alarms[i].setState(state, reason: reason, reasonData: reasonData, now: clock.now()) { await act(on: t) }
    }

    /// Puts back alarms created or reconfigured at run time; call before `restore(_:)` of their states.
    public func restoreDefinitions(_ records: [AlarmRecord]) {
        for r in records {
            let alarm = Alarm(definition: r.definition, now: r.updatedAt)
            if let i = alarms.firstIndex(where: { $0.definition.name == r.name }) { alarms[i] = alarm } else { alarms.append(alarm) }
        }
    }

    /// Waits until changes are durable; a failed write is `ServiceUnavailable`, as for any engine change.
    func durable(_ changes: [StoreChange]) async throws {
        do { try await engine.store.commit(changes) } catch {
            throw SQSError(code: "ServiceUnavailable", message: "The store could not make the change durable: \(error)")
        }
    }
}
