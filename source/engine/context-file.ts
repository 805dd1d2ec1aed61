/** A file in the OS image's build context, under kiln/. */
export interface ContextFile {
	content: string;
	mode: number;
}
