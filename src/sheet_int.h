/* sheet_int.h - tables of cells (a CSV file, a workbook's sheet) as the CSV reader takes them,
   and what the clerk-friendly reading shares: column aliases, Chinese values, sheet names. */
#ifndef ROTAS_SHEET_INT_H
#define ROTAS_SHEET_INT_H

#include <jansson.h>
#include <stddef.h>

#include "rotas/county.h"
#include "rotas/error.h"

typedef struct rotas__sheet_row {
    size_t line;  /* the row's number in its file or sheet (1-based) */
    size_t first; /* index of its first cell in cells */
    size_t n;
} rotas__sheet_row;

/* One sheet: rows of cells (UTF-8 strings, NUL-terminated, pointing into text). Blank rows are
   left out. Owned; rotas__county_read_sheets takes text, cells and rows (sets them NULL). */
typedef struct rotas__sheet {
    char *name;
    char *text;
    char **cells;
    size_t n_cells;
    rotas__sheet_row *rows;
    size_t n_rows;
} rotas__sheet;

void rotas__sheets_free(rotas__sheet *t, size_t n);

/* Building a sheet row by row: start a row, put cells (a gap before a column is filled with
   empty cells, a column put twice keeps the first), end it (a row of blank cells is left out),
   finish (cells become pointers into text; 0 ok, -1 out of memory). nomem is sticky. */
#define ROTAS__SHEET_MAX_COLS 256
typedef struct rotas__sheet_builder {
    rotas__sheet *s;
    size_t *off, n_text, cap_text, cap_cells, cap_rows;
    size_t row_line, row_first, row_cells, row_text; /* the open row */
    int nomem;
} rotas__sheet_builder;
void rotas__sb_row_start(rotas__sheet_builder *b, size_t line);
void rotas__sb_put(rotas__sheet_builder *b, size_t col, const char *v, size_t len);
void rotas__sb_row_end(rotas__sheet_builder *b);
int rotas__sb_finish(rotas__sheet_builder *b);

/* A county from sheets named like the CSV files (teachers, 教师, Teachers.csv ...), read as
   the CSV folder is; messages name "source[sheet]:row:column". Sheets of other names are
   ignored. */
rotas_rc rotas__county_read_sheets(rotas_county **out, const char *source, rotas__sheet *tables,
                                   size_t n_tables, rotas_diags *diags, rotas_error *err);

/* How many tables there are (the CSV files and county.csv), and the known columns of table i
   in the reader's order into names (at most cap); returns how many. */
int rotas__sheet_count(void);
/* 1 if table i must be in a county (subjects, schools, classes, travel, curriculum, teachers);
   1 if column col of table i holds numbers. */
int rotas__sheet_required(int i);
int rotas__sheet_numeric(int i, const char *col);
size_t rotas__sheet_columns(int i, const char **names, size_t cap);
/* The county as tables: one per CSV file, header row first (Chinese headers and table names
   when zh). *out is new (rotas__sheets_free). */
rotas_rc rotas__county_to_sheets(rotas__sheet **out, size_t *n_out, const rotas_county *c, int zh,
                                 rotas_error *err);

/* The table (index in the CSV reader's file list) a sheet or file name stands for, -1 none. */
int rotas__sheet_index(const char *name);
/* The Chinese name of table i ("教师"), and its English stem ("teachers"). */
const char *rotas__sheet_zh(int i);
const char *rotas__sheet_stem(int i);

/* Chinese names of the tables by English stem ("teachers" -> "教师"); NULL if none. */
const char *rotas__stem_zh(const char *stem);
/* The canonical column a header names (itself, another case, or an alias such as 工号 or
   出生年份) in table stem, among names[0..n); NULL if none. */
const char *rotas__column_alias(const char *header, const char *stem, const char *const *names,
                                size_t n);
/* The Chinese header of a canonical column in a table ("school_since" -> "任教起始年"). */
const char *rotas__column_zh(const char *stem, const char *column);
/* A known name close to an unknown header ("since" -> "school_since"), among names that the
   header does not have yet (absent[i] != 0); NULL if none is close. */
const char *rotas__column_nearest(const char *header, const char *const *names, const int *absent,
                                  size_t n);
/* Clerk values in the document the CSV reader built: Chinese genders, roles, key levels,
   school kinds and areas, subject names for ids, optional teacher columns as null.
   0 ok, -1 out of memory. */
int rotas__csv_clerk_pass(json_t *root);

#endif
