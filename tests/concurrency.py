"""Requests sent at the same moment: the tests of limits, locks and races share this."""
import threading


def at_once(clients, count, request):
    """request(client, n) for n in range(count), in threads released together; client n is
    clients[n % len(clients)]. An exception is kept as the result, for the assertions."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def work(n):
        client = clients[n % len(clients)]
        barrier.wait(10)
        try:
            results[n] = request(client, n)
        except Exception as error:  # shown by the assertions
            results[n] = error

    threads = [threading.Thread(target=work, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results
