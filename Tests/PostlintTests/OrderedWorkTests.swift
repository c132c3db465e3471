import Foundation
import PostlintRunner
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
        work.run(workers: 2) { _, index in
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

    /// Deliveries happen outside the lock, so the hand-over between workers must still keep
    /// them in order and one at a time, and must not strand a result a worker left behind.
    @Test func deliveriesStayInOrderAndOneAtATime() {
        final class Deliveries: @unchecked Sendable {
            let lock = NSLock()
            var inside = 0
            var overlapped = false
            var order: [Int] = []
        }
        for workers in [2, 3, 4] {
            let deliveries = Deliveries()
            let work = OrderedWork(0..<3_000) { (index: Int) in
                let overlapping = deliveries.lock.withLock { deliveries.inside += 1; return deliveries.inside > 1 }
                // Long enough for other workers to finish items and try to deliver meanwhile.
                if index % 7 == 0 { usleep(50) }
                deliveries.lock.withLock {
                    if overlapping { deliveries.overlapped = true }
                    deliveries.inside -= 1
                    deliveries.order.append(index)
                }
            }
            work.run(workers: workers) { _, index in
                if index % 5 == 0 { usleep(UInt32(index % 3) * 20) }
                return index
            }
            #expect(!deliveries.overlapped, "\(workers) workers")
            let misplaced = deliveries.order.indices.first { deliveries.order[$0] != $0 }
            #expect(deliveries.order.count == 3_000 && misplaced == nil, "\(workers) workers: \(deliveries.order.count) delivered, first out of order at \(misplaced.map(String.init) ?? "none")")
        }
    }
}
