import Foundation

/// Runs work over a stream of items on several threads and hands the results back one at a
/// time in input order, each as soon as every earlier one is done. Only results that finished
/// ahead of a slower earlier item are held, so memory does not grow with the number of items.
final class OrderedWork<Item, Result>: @unchecked Sendable {
    // Taking work and delivering results have a lock each, so a worker that finished a file
    // never waits for another to list a folder.
    private let sourceLock = NSLock()
    private let resultLock = NSLock()
    private var source: AnyIterator<Item>
    private var taken = 0
    private var delivered = 0
    private var finished: [Int: Result] = [:]
    private let deliver: (Result) -> Void

    /// `deliver` is called under a lock, never twice at once, in input order.
    init(_ items: some Sequence<Item>, deliver: @escaping (Result) -> Void) {
        var iterator = items.makeIterator()
        source = AnyIterator { iterator.next() }
        self.deliver = deliver
    }

    func run(workers: Int, _ work: @escaping @Sendable (Item) -> Result) {
        DispatchQueue.concurrentPerform(iterations: max(1, workers)) { _ in
            while let (index, item) = take() {
                let result = work(item)
                resultLock.withLock {
                    finished[index] = result
                    while let next = finished.removeValue(forKey: delivered) {
                        deliver(next)
                        delivered += 1
                    }
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
