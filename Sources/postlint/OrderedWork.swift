import Foundation

/// Runs work over a stream of items on several threads and hands the results back one at a
/// time in input order, each as soon as every earlier one is done. Only results that finished
/// ahead of a slower earlier item are held, and a worker waits rather than run more than
/// `window` items ahead of the first undelivered one, so memory does not grow with the number
/// of items, nor with how long one item (or a descheduled thread) takes.
final class OrderedWork<Item, Result>: @unchecked Sendable {
    // Taking work and delivering results have a lock each, so a worker that finished a file
    // never waits for another to list a folder.
    private let sourceLock = NSLock()
    /// Guards `finished` and `delivered`, and wakes workers waiting for the window to move.
    private let results = NSCondition()
    private var source: AnyIterator<Item>
    private var taken = 0
    private var delivered = 0
    private var finished: [Int: Result] = [:]
    private let deliver: (Result) -> Void
    private var window = 1

    /// `deliver` is called under a lock, never twice at once, in input order.
    init(_ items: some Sequence<Item>, deliver: @escaping (Result) -> Void) {
        var iterator = items.makeIterator()
        source = AnyIterator { iterator.next() }
        self.deliver = deliver
    }

    func run(workers: Int, _ work: @escaping @Sendable (Item) -> Result) {
        let workers = max(1, workers)
        window = 64 * workers
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let (index, item) = take() {
                // The worker holding the first undelivered item never waits, so this ends.
                results.withLock { while index - delivered >= window { results.wait() } }
                let result = work(item)
                results.withLock {
                    finished[index] = result
                    let before = delivered
                    while let next = finished.removeValue(forKey: delivered) {
                        deliver(next)
                        delivered += 1
                    }
                    if delivered != before { results.broadcast() }
                }
            }
        }
    }

    private func take() -> (Int, Item)? {
        sourceLock.withLock {
            guard let item = source.next() else { return nil }
            defer { taken += 1 }
            return (taken, item)
        }
    }
}
