import Foundation
import KepEdgeCore

/// The lab broker's log as monitor events: mosquitto lines parsed and classified.
public enum BrokerLogFollower {
    public static func events(path: String, pollInterval: Double = 0.2) -> AsyncStream<MonitorEvent> {
        let (stream, continuation) = AsyncStream<MonitorEvent>.makeStream(bufferingPolicy: .bufferingNewest(4096))
        let task = Task {
            for await output in FileLineFollower(path: path, pollInterval: pollInterval).lines() {
                switch output {
                case .line(let text):
                    guard !text.isEmpty else { continue }
                    continuation.yield(MosquittoLogLine(parsing: text).monitorEvent(receivedAt: Date()))
                case .restarted(let reason):
                    continuation.yield(MonitorEvent(time: Date(), source: .broker, level: .info, text: reason))
                case .failed(let reason):
                    continuation.yield(MonitorEvent(time: Date(), source: .broker, level: .error, text: "broker log not available: \(reason)"))
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
