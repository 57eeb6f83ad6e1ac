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
 * Every problem is reported as file:line:column: expected ..., found ....
 */
#ifndef ROTAS_CSV_H
#define ROTAS_CSV_H

#include "rotas/county.h"
#include "rotas/error.h"

rotas_rc rotas_county_read_csv_dir(rotas_county **out, const char *dir, rotas_diags *diags,
                                   rotas_error *err);

#endif
