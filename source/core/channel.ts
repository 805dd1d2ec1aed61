/** A push-based async iterable: the engine pushes, one front end pulls. */
export class Channel<T> implements AsyncIterable<T> {
	private readonly items: T[] = [];
	private waiting?: () => void;
	private closed = false;

	push(item: T): void {
		if (this.closed) return;
		this.items.push(item);
		this.wake();
	}

	close(): void {
		this.closed = true;
		this.wake();
	}

	private wake(): void {
		const waiting = this.waiting;
		this.waiting = undefined;
		waiting?.();
	}

	async *[Symbol.asyncIterator](): AsyncIterator<T> {
		for (;;) {
			const item = this.items.shift();
			if (item !== undefined) {
				yield item;
				continue;
			}
			if (this.closed) return;
			await new Promise<void>(resolve => {
				this.waiting = resolve;
			});
		}
	}
}
