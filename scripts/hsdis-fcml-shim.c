/*
 * Lets JDK 17 and later print C2's assembly (-XX:+PrintAssembly, -XX:CompileCommand=print,...)
 * with Debian's hsdis plugin (package libhsdis0-fcml), which exports only the old
 * decode_instructions entry, not the decode_instructions_virtual that these JDKs look up.
 * The code is decoded where it lies, so the printed addresses are the real ones.
 *
 *   apt-get install libhsdis0-fcml
 *   gcc -shared -fPIC -O2 -o /tmp/hsdis/hsdis-amd64.so scripts/hsdis-fcml-shim.c -ldl
 *   LD_LIBRARY_PATH=/tmp/hsdis java -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=print,CLASS::METHOD ...
 *
 * (Debian's package links hsdis-amd64.so into its own JDK 17's lib directory, which is searched
 * first: point that link at the shim for that JDK.) BENCHMARKS.md, "(f) on JDK 17: the
 * micro-kernel's loop", shows what it was used for.
 */
#include <dlfcn.h>
#include <stdint.h>

typedef void *(*event_cb)(void *, const char *, void *);
typedef int (*printf_cb)(void *, const char *, ...);
typedef void *(*decode_fn)(void *, void *, event_cb, void *, printf_cb, void *, const char *);

void *decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char *buffer, uintptr_t length,
                                  event_cb event, void *event_stream, printf_cb print, void *print_stream,
                                  const char *options, int newline) {
    static decode_fn decode;
    (void) start_va;
    (void) end_va;
    (void) newline;
    if (!decode) {
        void *lib = dlopen("/usr/lib/x86_64-linux-gnu/libhsdis.so.0", RTLD_NOW);
        decode = lib ? (decode_fn) dlsym(lib, "decode_instructions") : 0;
        if (!decode) {
            return 0;
        }
    }
    return decode(buffer, buffer + length, event, event_stream, print, print_stream, options);
}
