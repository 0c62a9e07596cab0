import Foundation
import IngestTestSupport
import Testing

/// `ingest bench pipeline --quick` keeps working (a benchmark prints figures; nothing here asserts a time):
/// every sign-up offered is accepted, reaches both tables and is counted in the latency figures.
@Suite("bench pipeline, quick", .timeLimit(.minutes(5)))
struct BenchPipelineSmokeTests {
    struct Report: Decodable {
        struct Result: Decodable {
            var mode: String
            var offered: Int
            var accepted: Int
            var drained: Bool
            var latencyP50Ms: Double
            var maxBacklog: Int
        }
        struct Limits: Decodable { var trivialRoutePerSecond: Double; var sqliteRowsPerSecond: Double }
        var results: [Result]
        var limits: Limits?
    }

    @Test("every mode drains: all 1,000 sign-ups accepted and in both tables; the limits are measured too")
    func quick() async throws {
        let r = try await IngestBinary.run(["bench", "pipeline", "--quick", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
        #expect(report.results.map(\.mode) == ["memory", "durable", "sealed"])
        for x in report.results {
            #expect(x.offered == 1_000 && x.accepted == 1_000 && x.drained, "\(x.mode): \(x.accepted)/\(x.offered), drained \(x.drained)")
            #expect(x.latencyP50Ms > 0, "\(x.mode): latency read from both tables' rows")
        }
        #expect((report.limits?.trivialRoutePerSecond ?? 0) > 0 && (report.limits?.sqliteRowsPerSecond ?? 0) > 0)
    }
}
