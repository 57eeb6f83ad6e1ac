/*
 * rotas/csv.h - importing a county from a folder of CSV files, one per table, in UTF-8 (with
 * or without BOM) or GB18030 (what Excel on Chinese Windows writes), detected per file.
 *
 * Files: subjects.csv, clusters.csv (optional), schools.csv, classes.csv, travel.csv,
 * curriculum.csv, teachers.csv; list fields (grades, subjects, preferences) separated by ';'.
 * Everyday constraints, all optional: teachers.csv columns max_days, middle_leader,
 * hardship_years; teacher_unavailable.csv (teacher, day, start, end, reason);
 * class_unavailable.csv (school, class, day, period, reason); subject_rules.csv (subject,
 * not_first_period, not_after_lunch, before_period); fixed_lessons.csv (school, class, subject,
 * teacher, day, period); decisions.csv (kind, teacher, teacher2, school, subject, reason; a
 * "together" row names its pair in teacher and teacher2). Days 1..5, periods 1-based.
 * A NUL byte, a byte order mark inside a file, a number that is not decimal (0x10, inf) and
 * an id of only spaces or with a line break or quote are refused where they are.
 * Every problem is reported as file:line:column: expected ..., found ....
 */
#ifndef ROTAS_CSV_H
#define ROTAS_CSV_H

#include "rotas/county.h"
#include "rotas/error.h"

/* The encoding of the files: detected per file from all of its bytes (a UTF-8 byte order
   mark is decisive; otherwise UTF-8 unless the bytes are not UTF-8, or read as UTF-8 they are
   implausible text that GB18030 reads better), or given. */
typedef enum rotas_csv_encoding {
    ROTAS_CSV_AUTO,
    ROTAS_CSV_UTF8,
    ROTAS_CSV_GB18030
} rotas_csv_encoding;

/* Read and validate the folder dir (*out new on success; problems in diags). */
rotas_rc rotas_county_read_csv_dir(rotas_county **out, const char *dir, rotas_diags *diags,
                                   rotas_error *err);
/* The same with the encoding given (ROTAS_CSV_AUTO: as rotas_county_read_csv_dir). */
rotas_rc rotas_county_read_csv_dir_enc(rotas_county **out, const char *dir, rotas_csv_encoding enc,
                                       rotas_diags *diags, rotas_error *err);

#endif
