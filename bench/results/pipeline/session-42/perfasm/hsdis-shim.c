/*
 * hsdis-amd64.so for JDK 17 over Debian's libhsdis0-fcml, which exports only the old entry point: JDK 17 calls
 * decode_instructions_virtual(start_va, end_va, buffer, length, ...), and prints hex when the plugin lacks it. The
 * code the JDK disassembles lies at its own address, so the old entry point, given the buffer, decodes the same bytes.
 * Build: see ../README.md.
 */
#include <stdint.h>
#include <stddef.h>
typedef void* (*event_cb)(void*, const char*, void*);
typedef int (*printf_cb)(void*, const char*, ...);
extern void* decode_instructions(void* start, void* end, event_cb ev, void* evs, printf_cb pr, void* prs, const char* options);
void* decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char* buffer, uintptr_t length,
    event_cb ev, void* evs, printf_cb pr, void* prs, const char* options, int newline) {
  (void)start_va; (void)end_va; (void)newline;
  return decode_instructions(buffer, buffer + length, ev, evs, pr, prs, options);
}
