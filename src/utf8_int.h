/*
 * utf8_int.h - internal: text cut to a fixed buffer stays valid UTF-8.
 *
 * snprintf cuts by bytes; a message in Chinese cut that way can end in half a character, which
 * JSON writers refuse. rotas__utf8_trim drops an incomplete character at the end of s;
 * rotas__utf8_copy copies and trims.
 */
#ifndef ROTAS_UTF8_INT_H
#define ROTAS_UTF8_INT_H

#include <stdio.h>
#include <string.h>

static inline void rotas__utf8_trim(char *s)
{
    size_t n = strlen(s), k = n;
    /* back over continuation bytes (10xxxxxx) to the last lead byte, at most 3 */
    while (k > 0 && n - k < 4 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
        k--;
    if (k == 0)
        return;
    unsigned char lead = (unsigned char)s[k - 1];
    size_t want = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : 4;
    if (lead >= 0x80 && n - (k - 1) < want)
        s[k - 1] = '\0';
}

/* Copy src into dst (n bytes), cut on a whole character. */
static inline void rotas__utf8_copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src);
    rotas__utf8_trim(dst);
}

#endif
