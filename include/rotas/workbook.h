/*
 * rotas/workbook.h - a county as a clerk keeps it: an Excel or WPS workbook (.xlsx, .xls) or a
 * folder of CSV files, one sheet or file per table, with the columns of the CSV folder (see
 * rotas/csv.h) under their English or Chinese names; and the way back: export and an empty
 * template to fill in.
 */
#ifndef ROTAS_WORKBOOK_H
#define ROTAS_WORKBOOK_H

#include "rotas/county.h"
#include "rotas/error.h"

/* Read and validate a county from a workbook: .xlsx (Excel 2007+, WPS; read with minizip and
   expat) or .xls (Excel 97-2003; libfreexl), told apart by content. Sheets are named like the
   CSV files (teachers) or in Chinese (教师); other sheets are ignored. Problems go to diags as
   "book.xlsx[教师]:row:column: expected ..., found ...". *out is new on success. */
rotas_rc rotas_county_read_workbook(rotas_county **out, const char *path, rotas_diags *diags,
                                    rotas_error *err);

/* Write c as a folder of CSV files (UTF-8 with BOM, English headers) that
   rotas_county_read_csv_dir reads back to the same county. The folder is created if needed;
   each file is written to a temporary name and renamed. */
rotas_rc rotas_county_write_csv_dir(const rotas_county *c, const char *dir, rotas_error *err);

/* Write c as an .xlsx workbook: one sheet per table, Chinese sheet names and headers, numbers
   as numbers; rotas_county_read_workbook reads it back to the same county. */
rotas_rc rotas_county_write_xlsx(const rotas_county *c, const char *path, rotas_error *err);

/* An empty workbook to fill in: every table's sheet with Chinese headers and one example row
   on the 说明 sheet per column, drop-down lists for role, area, kind, gender, key and subject
   (the subjects of c when given, else the 2022 curriculum's), and the county's name and year. */
rotas_rc rotas_county_template_xlsx(const char *path, const rotas_county *c, rotas_error *err);

#endif
