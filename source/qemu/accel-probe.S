# The accelerator probe: a boot sector that does what a bootloader and a
# kernel's setup code do, in the order they do it, printing to COM1 as it
# goes. Where KVM is broken for such code (here: a nested, page-table based
# KVM that emulates unpaged protected mode one instruction at a time), the
# long-mode line never comes. Assembled into accel-probe-payload.ts:
#   as --32 -o p.o accel-probe.S && ld -m elf_i386 -Ttext=0x7c00 --oformat binary -o p.bin p.o
	.code16
	.globl _start
_start:
	cli
	xorw %ax, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw $0x7c00, %sp
	cld
	movw $0x3f8, %dx
	movw $msg_real, %si
1:	lodsb
	testb %al, %al
	jz 2f
	outb %al, %dx
	jmp 1b
2:	lgdtl gdtr
	movl %cr0, %eax
	orl $1, %eax
	movl %eax, %cr0
	ljmpl $0x08, $prot

	# Unpaged protected mode, where GRUB decompresses itself and the kernel's
	# setup runs: 16M rounds take well under a second on working hardware.
	.code32
prot:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movl $0x1000000, %ecx
3:	addl %ecx, %eax
	roll $3, %eax
	loop 3b
	# Identity-map the first 2 MiB (PML4 0x1000, PDPT 0x2000, PD 0x3000),
	# then PAE, long mode, paging.
	movl $0x1000, %edi
	movl $0xc00, %ecx
	xorl %eax, %eax
	rep stosl
	movl $0x2003, 0x1000
	movl $0x3003, 0x2000
	movl $0x83, 0x3000
	movl $0x1000, %eax
	movl %eax, %cr3
	movl %cr4, %eax
	orl $0x20, %eax
	movl %eax, %cr4
	movl $0xc0000080, %ecx
	rdmsr
	orl $0x100, %eax
	wrmsr
	movl %cr0, %eax
	orl $0x80000000, %eax
	movl %eax, %cr0
	ljmpl $0x18, $long

	.code64
long:
	movw $0x3f8, %dx
	movl $msg_long, %esi
4:	lodsb
	testb %al, %al
	jz 5f
	outb %al, %dx
	jmp 4b
	# isa-debug-exit: QEMU exits at once with status (0x10 << 1) | 1 = 33.
5:	movw $0xf4, %dx
	movb $0x10, %al
	outb %al, %dx
6:	hlt
	jmp 6b

	.p2align 3
gdt:
	.quad 0
	.quad 0x00cf9a000000ffff
	.quad 0x00cf92000000ffff
	.quad 0x00af9a000000ffff
gdtr:
	.word gdtr - gdt - 1
	.long gdt
msg_real:
	.asciz "kiln-accel-probe: real mode\r\n"
msg_long:
	.asciz "kiln-accel-probe: long mode\r\n"
	.org 510
	.byte 0x55, 0xaa
