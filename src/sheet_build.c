/* sheet_build.c - building a table of cells row by row (rotas__sheet_builder in sheet_int.h),
   for the workbook readers and the county's export. */
#include <stdlib.h>
#include <string.h>

#include "sheet_int.h"

static void b_cell(rotas__sheet_builder *b, const char *v, size_t len)
{
    if (b->nomem)
        return;
    if (b->n_text + len + 1 > b->cap_text) {
        size_t cap = (b->cap_text + len + 1) * 2;
        char *t = realloc(b->s->text, cap);
        if (!t) {
            b->nomem = 1;
            return;
        }
        b->s->text = t;
        b->cap_text = cap;
    }
    if (b->s->n_cells == b->cap_cells) {
        size_t cap = b->cap_cells ? b->cap_cells * 2 : 256;
        size_t *o = realloc(b->off, cap * sizeof *o);
        if (!o) {
            b->nomem = 1;
            return;
        }
        b->off = o;
        b->cap_cells = cap;
    }
    memcpy(b->s->text + b->n_text, v, len);
    b->s->text[b->n_text + len] = '\0';
    b->off[b->s->n_cells++] = b->n_text;
    b->n_text += len + 1;
}

void rotas__sb_row_start(rotas__sheet_builder *b, size_t line)
{
    b->row_line = line;
    b->row_first = b->s->n_cells;
    b->row_text = b->n_text;
    b->row_cells = 0;
}

/* Put cell col (0-based) of the open row, filling the gap with empty cells. */
void rotas__sb_put(rotas__sheet_builder *b, size_t col, const char *v, size_t len)
{
    if (col >= ROTAS__SHEET_MAX_COLS)
        return;
    while (b->row_cells < col) {
        b_cell(b, "", 0);
        b->row_cells++;
    }
    if (col < b->row_cells)
        return; /* a cell given twice: the first wins */
    b_cell(b, v, len);
    b->row_cells++;
}

void rotas__sb_row_end(rotas__sheet_builder *b)
{
    if (b->nomem)
        return;
    int blank = 1;
    for (size_t i = b->row_first; i < b->s->n_cells && blank; i++)
        for (const char *p = b->s->text + b->off[i]; *p && blank; p++)
            blank = *p == ' ' || *p == '\t';
    if (blank) { /* blank rows are left out, as blank lines of a CSV file */
        b->s->n_cells = b->row_first;
        b->n_text = b->row_text;
        return;
    }
    if (b->s->n_rows == b->cap_rows) {
        size_t cap = b->cap_rows ? b->cap_rows * 2 : 64;
        rotas__sheet_row *r = realloc(b->s->rows, cap * sizeof *r);
        if (!r) {
            b->nomem = 1;
            return;
        }
        b->s->rows = r;
        b->cap_rows = cap;
    }
    b->s->rows[b->s->n_rows++] =
        (rotas__sheet_row){b->row_line, b->row_first, b->s->n_cells - b->row_first};
}

/* Turn offsets into pointers. 0 ok, -1 out of memory. */
int rotas__sb_finish(rotas__sheet_builder *b)
{
    if (b->nomem)
        return -1;
    b->s->cells = malloc((b->s->n_cells ? b->s->n_cells : 1) * sizeof *b->s->cells);
    if (!b->s->cells)
        return -1;
    if (!b->s->text && !(b->s->text = calloc(1, 1)))
        return -1;
    for (size_t i = 0; i < b->s->n_cells; i++)
        b->s->cells[i] = b->s->text + b->off[i];
    free(b->off);
    b->off = NULL;
    return 0;
}
