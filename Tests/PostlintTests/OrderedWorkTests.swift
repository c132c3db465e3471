import Foundation
@testable import postlint
import Testing

/// Results come back in input order, and a worker never runs further ahead of the first
/// undelivered item than the window: memory stays bounded while one item takes long.
@Suite struct OrderedWorkTests {
    final class Log: @unchecked Sendable {
        let lock = NSLock()
        var firstDone = false
        var furthestWhileFirstRan = 0
        var delivered: [Int] = []
    }

    @Test func aSlowItemHoldsTheOthersWithinTheWindow() {
        let log = Log()
        let work = OrderedWork(0..<2_000) { (index: Int) in log.delivered.append(index) }
        work.run(workers: 2) { index in
            if index == 0 {
                // Long enough for the other worker to run through every item if nothing held it.
                Thread.sleep(forTimeInterval: 0.5)
                log.lock.withLock { log.firstDone = true }
            } else {
                log.lock.withLock { if !log.firstDone { log.furthestWhileFirstRan = max(log.furthestWhileFirstRan, index) } }
            }
            return index
        }
        #expect(log.delivered == Array(0..<2_000))
        // (When the system runs both workers on one thread, nothing runs ahead and this holds trivially.)
        #expect(log.furthestWhileFirstRan <= 128, "\(log.furthestWhileFirstRan)")
    }
}
