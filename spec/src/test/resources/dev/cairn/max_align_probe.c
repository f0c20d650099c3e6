/* Prints what the C compiler says about max_align_t and the members of Cairn's MaxAlign struct,
 * one key=value per line. Compiled and run by MaxAlignTest (MA-1, MA-2). */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct cairn_max_align {
    long long long_long;
    long double long_double;
    intmax_t intmax_t_member;
    char *data_pointer;
    void (*function_pointer)(void);
};

#define MEMBER(name, type, field) \
    printf(name ".byteSize=%zu\n", sizeof(type)); \
    printf(name ".byteAlignment=%zu\n", alignof(type)); \
    printf(name ".byteOffset=%zu\n", offsetof(struct cairn_max_align, field))

int main(void) {
    printf("max_align_t.byteAlignment=%zu\n", alignof(max_align_t));
    MEMBER("long_long", long long, long_long);
    MEMBER("long_double", long double, long_double);
    MEMBER("intmax_t", intmax_t, intmax_t_member);
    MEMBER("data_pointer", char *, data_pointer);
    MEMBER("function_pointer", void (*)(void), function_pointer);
    printf("struct.byteSize=%zu\n", sizeof(struct cairn_max_align));
    printf("struct.byteAlignment=%zu\n", alignof(struct cairn_max_align));
    return 0;
}
