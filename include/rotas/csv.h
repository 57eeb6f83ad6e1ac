/*
 * rotas/csv.h - importing a county from a folder of CSV files, one per table, in UTF-8 (with
 * or without BOM) or GB18030 (what Excel on Chinese Windows writes), detected per file.
 *
 * Files: subjects.csv, clusters.csv (optional), schools.csv, classes.csv, travel.csv,
 * curriculum.csv, teachers.csv; list fields (grades, subjects, preferences) separated by ';'.
 * Every problem is reported as file:line:column: expected ..., found ....
 */
#ifndef ROTAS_CSV_H
#define ROTAS_CSV_H

#include "rotas/county.h"
#include "rotas/error.h"

rotas_rc rotas_county_read_csv_dir(rotas_county **out, const char *dir, rotas_diags *diags,
                                   rotas_error *err);

#endif
