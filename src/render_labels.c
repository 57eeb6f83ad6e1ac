/* render_labels.c - Chinese and English labels and county names for the renderers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_int.h"
#include "rotas/shortage.h"

static const char *const labels[L_COUNT_][2] = {
    [L_TITLE_PLAN] = {"教师交流轮岗方案", "Teacher rotation plan"},
    [L_TITLE_TT] = {"片区走教课程表", "Cluster timetable"},
    [L_SHEET_MOVES] = {"轮岗名单", "Rotation list"},
    [L_SHEET_UNFILLED] = {"缺课时", "Unfilled periods"},
    [L_SHEET_INDICATORS] = {"均衡指标", "Balance indicators"},
    [L_SHEET_SUMMARY] = {"说明", "Summary"},
    [L_SHEET_TEACHERS] = {"教师课表", "Teacher timetables"},
    [L_SHEET_UNSCHEDULED] = {"未排课", "Unscheduled"},
    [L_SHEET_LESSONS] = {"课程清单", "Lessons"},
    [L_NO] = {"序号", "No."},
    [L_TEACHER_ID] = {"教师编号", "Teacher ID"},
    [L_NAME] = {"姓名", "Name"},
    [L_MAIN_SUBJECT] = {"学科", "Subject"},
    [L_KEY_LEVEL] = {"骨干", "Key teacher"},
    [L_TITLE] = {"职称", "Title"},
    [L_FROM] = {"原学校", "From school"},
    [L_TO] = {"交流学校", "To school"},
    [L_KM] = {"距离(公里)", "Distance (km)"},
    [L_REASONS] = {"理由", "Reasons"},
    [L_TERM] = {"起止年限", "Years"},
    [L_SCHOOL] = {"学校", "School"},
    [L_SUBJECT] = {"学科", "Subject"},
    [L_PERIODS] = {"周课时", "Periods/week"},
    [L_STAGE] = {"学段", "Stage"},
    [L_INDICATOR] = {"指标(每百名学生)", "Indicator (per 100 students)"},
    [L_MEAN_BEFORE] = {"调整前均值", "Mean before"},
    [L_CV_BEFORE] = {"调整前差异系数", "CV before"},
    [L_MEAN_AFTER] = {"调整后均值", "Mean after"},
    [L_CV_AFTER] = {"调整后差异系数", "CV after"},
    [L_CV_LIMIT] = {"差异系数标准", "CV limit"},
    [L_CV_CHECK] = {"调整后是否达标", "After: within limit"},
    [L_EXCEEDS] = {"超标", "exceeds"},
    [L_WITHIN] = {"达标", "within"},
    [L_PRIMARY] = {"小学", "Primary"},
    [L_JUNIOR] = {"初中", "Junior"},
    [L_COUNTY] = {"全县", "County"},
    [L_IND_DEGREE] = {"高于规定学历教师数", "Teachers above required degree"},
    [L_IND_KEY] = {"县级及以上骨干教师数", "County-level key teachers"},
    [L_IND_PE_ARTS] = {"体育、艺术(美术、音乐)专任教师数", "PE and arts teachers"},
    [L_ITEM] = {"项目", "Item"},
    [L_VALUE] = {"数值", "Value"},
    [L_STATUS] = {"求解状态", "Status"},
    [L_OBJECTIVE] = {"目标值", "Objective"},
    [L_BOUND] = {"最优界", "Best bound"},
    [L_GAP] = {"相对差距", "Gap"},
    [L_SECONDS] = {"求解用时(秒)", "Seconds"},
    [L_YEAR] = {"方案年度", "Plan year"},
    [L_MOVES_N] = {"交流人数", "Teachers moved"},
    [L_ELIGIBLE] = {"符合交流条件人数", "Eligible teachers"},
    [L_MUST] = {"必须交流人数", "Must move"},
    [L_FROZEN] = {"不参加交流人数", "Frozen (exempt or in exchange)"},
    [L_KEY_MOVED] = {"交流骨干教师人数", "Key teachers moved"},
    [L_UNFILLED_BEFORE] = {"调整前缺课时(周)", "Unfilled periods before"},
    [L_UNFILLED_AFTER] = {"调整后缺课时(周)", "Unfilled periods after"},
    [L_KM_TOTAL] = {"交流总距离(公里)", "Total distance (km)"},
    [L_ESTIMATED_PAIRS] = {"估算距离的校际对数", "School pairs with estimated travel"},
    [L_RELAXED] = {"放宽的规则", "Relaxed rules"},
    [L_POLICY] = {"政策参数", "Policy"},
    [L_ARRIVALS] = {"调入", "Arrivals"},
    [L_DEPARTURES] = {"调出", "Departures"},
    [L_CLASS] = {"班级", "Class"},
    [L_DAY] = {"星期", "Day"},
    [L_PERIOD] = {"节次", "Period"},
    [L_TIME] = {"时间", "Time"},
    [L_TEACHER] = {"教师", "Teacher"},
    [L_ROUTE] = {"路线", "Route"},
    [L_MINUTES] = {"用时(分钟)", "Minutes"},
    [L_CLUSTER] = {"片区", "Cluster"},
    [L_LESSONS_N] = {"已排课时", "Lessons scheduled"},
    [L_UNSCHEDULED_N] = {"未排课时", "Lessons unscheduled"},
    [L_CAPACITY_BOUND] = {"至少无法安排的课时", "Lessons that cannot be placed (bound)"},
    [L_SCHOOL_CHANGES] = {"教师日内换校次数", "School changes in a day"},
    [L_NO_CLUSTER] = {"未分片区", "No cluster"},
    [L_BEFORE] = {"调整前", "Before"},
    [L_AFTER] = {"调整后", "After"},
    [L_MAP] = {"交流流向图", "Map of moves"},
    [L_BY_CLUSTER] = {"按片区的缺课时", "Unfilled periods by cluster"},
    [L_BY_SUBJECT] = {"按学科的缺课时", "Unfilled periods by subject"},
    [L_ESTIMATE_NOTE] = {"按教师主教学科估算(每位教师只计主教学科)",
                         "estimated from each teacher's main subject only"},
    [L_CLASS_GRIDS] = {"班级课表", "Class timetables"},
    [L_TEACHER_GRIDS] = {"教师课表", "Teacher timetables"},
    [L_ROUTES_DAY] = {"走教教师每日路线", "Itinerant teachers' day routes"},
    [L_AREA_URBAN] = {"城区", "urban"},
    [L_AREA_TOWN] = {"乡镇", "town"},
    [L_AREA_RURAL] = {"农村", "rural"},
    [L_SORT_HINT] = {"点击表头排序", "click a header to sort"},
    [L_NONE] = {"无", "none"},
    [L_SCHOOLS_N] = {"学校数", "Schools"},
    [L_TEACHERS_N] = {"教师数", "Teachers"},
    [L_GRADE_SUFFIX] = {"年级", "grade"},
    [L_SHEET_SECONDMENTS] = {"跟岗挂职", "Secondments"},
    [L_SECONDMENTS_N] = {"跟岗挂职人数", "Secondments"},
    [L_PREF_GOT] = {"志愿满足(第一/第二/第三/均未满足)", "Preferences met (1st/2nd/3rd/none)"},
    [L_ENVY_N] = {"未消除的志愿冲突", "Justified envy left"},
    [L_CHANGED_N] = {"与原方案不同的交流", "Moves changed from the previous plan"},
    [L_SHEET_LOADS] = {"教师工作量", "Teacher loads"},
    [L_SHEET_ROOMS] = {"专用教室使用", "Room use"},
    [L_ROOM_ID] = {"教室", "Room"},
    [L_ROOM_KIND] = {"类型", "Kind"},
    [L_ROOM_CAPACITY] = {"可同时容纳班级", "Classes at once"},
    [L_ROOM_USED] = {"每周使用节次", "Periods used a week"},
    [L_ROOM_PEAK] = {"同一节最多班级", "Most classes at once"},
    [L_ROOM_SHARE] = {"占用率(%)", "Use (%)"},
    [L_LOAD_PERIODS] = {"周课时", "Periods/week"},
    [L_MAX_PERIODS] = {"课时上限", "Max periods"},
    [L_DAYS_N] = {"上课天数", "Days"},
    [L_SCHOOLS_TAUGHT] = {"任教学校数", "Schools"},
    [L_MASTER] = {"总课表", "master timetable"},
    [L_ALL_TEACHERS] = {"教师总课表", "All teachers' week"},
    [L_PENDING] = {"待排", "Pending"},
    [L_REASON] = {"原因", "Reason"},
    [L_DATE] = {"日期", "Date"},
    [L_ABSENT] = {"缺勤教师", "Absent"},
    [L_ARRANGEMENT] = {"安排", "Arrangement"},
    [L_COVER_BY] = {"上课教师", "Taught by"},
    [L_DETAIL] = {"说明", "Detail"},
    [L_SHEET_COVER] = {"代课调课", "Cover"},
    [L_SHEET_NOTICES] = {"通知", "Notices"},
    [L_GENDER] = {"性别", "Gender"},
    [L_BIRTH_YEAR] = {"出生年份", "Born"},
    [L_DEGREE] = {"学历", "Degree"},
    [L_ROLE] = {"职务", "Post"},
    [L_MODE] = {"交流方式", "Kind of move"},
    [L_MODE_ROTATION] = {"交流轮岗", "rotation"},
    [L_SHEET_DISPATCH] = {"集团派驻", "Group dispatch"},
    [L_MODE_DISPATCH] = {"集团派驻", "group dispatch"},
    [L_EDU_GROUP] = {"教育集团", "Education group"},
    [L_DISPATCH_AS] = {"派驻身份", "Sent as"},
    [L_AS_MANAGER] = {"管理干部", "manager"},
    [L_AS_KEY] = {"骨干教师", "key teacher"},
};

const char *rotas__label(int id, rotas_lang lang)
{
    if (id < 0 || id >= L_COUNT_)
        return "?";
    const char *s = labels[id][lang == ROTAS_LANG_EN ? 1 : 0];
    return s ? s : "?";
}

int rotas_lang_parse(const char *s)
{
    if (!s)
        return -1;
    if (!strcmp(s, "zh") || !strcmp(s, "zh-CN") || !strcmp(s, "cn") || !strcmp(s, "chinese"))
        return ROTAS_LANG_ZH;
    if (!strcmp(s, "en") || !strcmp(s, "en-US") || !strcmp(s, "english"))
        return ROTAS_LANG_EN;
    return -1;
}

const char *rotas__status_label(int status, rotas_lang lang)
{
    static const char *const zh[] = {"最优", "可行(规则已放宽或未证明最优)",
                                     "达到时限(当前最好方案)", "无可行方案"};
    static const char *const en[] = {"optimal", "feasible (rules relaxed or not proven)",
                                     "time limit (best found)", "infeasible"};
    if (status < 0 || status > 3)
        return "?";
    return lang == ROTAS_LANG_EN ? en[status] : zh[status];
}

const char *rotas__plain_status(char *buf, size_t n, int status, double gap, int relaxed,
                                rotas_lang lang)
{
    int en = lang == ROTAS_LANG_EN;
    char g[48];
    if (gap >= 0 && gap < 0.995) /* a gap as a person reads it: 7.5%, never 7.4999% */
        snprintf(g, sizeof g,
                 en ? ", within %.1f%% of the best possible" : "，与最优差距不超过 %.1f%%",
                 gap < 0.0005 ? 0.0 : gap * 100 + 0.05);
    else
        snprintf(g, sizeof g, "%s",
                 en ? ", how far from the best is not known" : "，与最优的差距尚不能确定");
    switch (status) {
    case 0:
        snprintf(buf, n, "%s", en ? "best possible plan found" : "已找到最优方案");
        break;
    case 1:
        snprintf(buf, n, "%s%s",
                 relaxed ? (en ? "plan found with some rules relaxed (see below)"
                               : "已找到方案，部分规则无法满足，已放宽（见下）")
                         : (en ? "plan found" : "已找到方案"),
                 relaxed ? "" : g);
        break;
    case 2:
        snprintf(buf, n, "%s%s",
                 en ? "time ran out; the best plan found so far"
                    : "计算时间已到，给出目前最好的方案",
                 g);
        break;
    case 3:
        snprintf(buf, n, "%s", en ? "no plan can meet the data" : "数据无法排出方案");
        break;
    default:
        snprintf(buf, n, "?");
    }
    return buf;
}

const char *rotas__gender_label(char g, rotas_lang lang)
{
    if (g == 'M')
        return lang == ROTAS_LANG_EN ? "M" : "男";
    if (g == 'F')
        return lang == ROTAS_LANG_EN ? "F" : "女";
    return "";
}

const char *rotas__role_label(int role, rotas_lang lang)
{
    static const char *const zh[] = {"教师", "校长", "副校长"};
    static const char *const en[] = {"teacher", "principal", "vice-principal"};
    if (role < 0 || role > 2)
        return "";
    return lang == ROTAS_LANG_EN ? en[role] : zh[role];
}

const char *rotas__degree_label(int level, rotas_lang lang)
{
    static const char *const zh[] = {"中专", "大专", "本科", "硕士", "博士"};
    static const char *const en[] = {"secondary", "college", "bachelor", "master", "doctor"};
    int i = level - ROTAS_DEGREE_SECONDARY;
    if (i < 0 || i > 4)
        return "";
    return lang == ROTAS_LANG_EN ? en[i] : zh[i];
}

const char *rotas__key_label(int level, rotas_lang lang)
{
    static const char *const zh[] = {"",         "校级骨干", "县级骨干",
                                     "市级骨干", "省级骨干", "国家级骨干"};
    static const char *const en[] = {"", "school", "county", "city", "province", "national"};
    if (level < 0 || level > 5)
        return "";
    return lang == ROTAS_LANG_EN ? en[level] : zh[level];
}

const char *rotas__day_label(int day, rotas_lang lang)
{
    static const char *const zh[] = {"星期一", "星期二", "星期三", "星期四",
                                     "星期五", "星期六", "星期日"};
    static const char *const en[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                     "Friday", "Saturday", "Sunday"};
    if (day < 0 || day > 6)
        return "?";
    return lang == ROTAS_LANG_EN ? en[day] : zh[day];
}

const char *rotas__area_label(int area, rotas_lang lang)
{
    switch (area) {
    case ROTAS_AREA_URBAN:
        return rotas__label(L_AREA_URBAN, lang);
    case ROTAS_AREA_TOWN:
        return rotas__label(L_AREA_TOWN, lang);
    case ROTAS_AREA_RURAL:
        return rotas__label(L_AREA_RURAL, lang);
    default:
        return "?";
    }
}

const char *rotas__school_name(const rotas_county *c, int s)
{
    if (s < 0 || (size_t)s >= c->n_schools)
        return "?";
    const rotas_school *x = &c->schools[s];
    return x->name ? x->name : x->id ? x->id : "?";
}

const char *rotas__subject_name(const rotas_county *c, int s, rotas_lang lang)
{
    if (s < 0 || (size_t)s >= c->n_subjects)
        return "?";
    const rotas_subject *x = &c->subjects[s];
    if (lang == ROTAS_LANG_EN && x->id)
        return x->id;
    return x->name ? x->name : x->id ? x->id : "?";
}

const char *rotas__teacher_name(const rotas_county *c, int t)
{
    if (t < 0 || (size_t)t >= c->n_teachers)
        return "?";
    const rotas_teacher *x = &c->teachers[t];
    return x->name ? x->name : x->id ? x->id : "?";
}

const char *rotas__teacher_id(const rotas_county *c, int t)
{
    if (t < 0 || (size_t)t >= c->n_teachers || !c->teachers[t].id)
        return "?";
    return c->teachers[t].id;
}

const char *rotas__cluster_name(const rotas_county *c, int k, rotas_lang lang)
{
    if (k < 0 || (size_t)k >= c->n_clusters)
        return rotas__label(L_NO_CLUSTER, lang);
    const rotas_cluster *x = &c->clusters[k];
    return x->name ? x->name : x->id ? x->id : "?";
}

static const char *const cn_digit[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

/* Grades as words, and the 1-based place of class k among its school's classes with the same
   grades (0 when it is the only one of a multi-grade kind). */
static int class_place(const rotas_county *c, int k, int *same)
{
    const rotas_class *x = &c->classes[k];
    int place = 0, n = 0;
    if (x->school >= 0 && (size_t)x->school < c->n_schools) {
        const rotas_school *s = &c->schools[x->school];
        for (size_t i = s->first_class; i < s->first_class + s->n_classes; i++) {
            const rotas_class *y = &c->classes[i];
            if (y->n_grades != x->n_grades || (y->n_grades && y->grades[0] != x->grades[0]) ||
                (y->n_grades && y->grades[y->n_grades - 1] != x->grades[x->n_grades - 1]))
                continue;
            n++;
            if ((int)i == k)
                place = n;
        }
    }
    *same = n;
    return place ? place : 1;
}

static const char *grade_word(int g)
{
    return g >= 1 && g <= 9 ? cn_digit[g] : "?";
}

/* Grades and place of class k, for the two label forms; 0 when the class has no grades (the
   caller then prints what *fallback holds: "?" or the id). */
static int class_parts(const rotas_county *c, int k, int *g0, int *g1, int *place, int *same,
                       const char **fallback)
{
    *fallback = "?";
    if (k < 0 || (size_t)k >= c->n_classes)
        return 0;
    const rotas_class *x = &c->classes[k];
    if (!x->n_grades) {
        *fallback = x->id ? x->id : "?";
        return 0;
    }
    *place = class_place(c, k, same);
    *g0 = x->grades[0];
    *g1 = x->grades[x->n_grades - 1];
    return 1 + (x->n_grades > 1);
}

void rotas__class_label(rotas__buf *b, const rotas_county *c, int k, rotas_lang lang)
{
    int g0, g1, place, same;
    const char *fallback;
    int kind = class_parts(c, k, &g0, &g1, &place, &same, &fallback);
    if (!kind)
        rotas__buf_puts(b, fallback);
    else if (lang == ROTAS_LANG_EN && kind == 2)
        rotas__buf_printf(
            b, same > 1 ? "Grades %d-%d combined class %d" : "Grades %d-%d combined class", g0, g1,
            place);
    else if (lang == ROTAS_LANG_EN)
        rotas__buf_printf(b, "Grade %d Class %d", g0, place);
    else if (kind == 2 && same > 1)
        rotas__buf_printf(b, "%s至%s年级复式%d班", grade_word(g0), grade_word(g1), place);
    else if (kind == 2)
        rotas__buf_printf(b, "%s至%s年级复式班", grade_word(g0), grade_word(g1));
    else
        rotas__buf_printf(b, "%s年级%d班", grade_word(g0), place);
}

void rotas__class_short(rotas__buf *b, const rotas_county *c, int k, rotas_lang lang)
{
    int g0, g1, place, same;
    const char *fallback;
    int kind = class_parts(c, k, &g0, &g1, &place, &same, &fallback);
    if (!kind)
        rotas__buf_puts(b, fallback);
    else if (lang == ROTAS_LANG_EN && kind == 2)
        rotas__buf_printf(b, "%d-%d/%d", g0, g1, place);
    else if (lang == ROTAS_LANG_EN)
        rotas__buf_printf(b, "%d-%d", g0, place);
    else if (kind == 2)
        rotas__buf_printf(b, "%s至%s(%d)", grade_word(g0), grade_word(g1), place);
    else
        rotas__buf_printf(b, "%s(%d)", grade_word(g0), place);
}

void rotas__reasons_text(rotas__buf *b, const rotas_move *m, const rotas_county *c,
                         const rotas_policy *p, rotas_lang lang)
{
    const char *sep = lang == ROTAS_LANG_EN ? "; " : "；";
    int first = 1;
    unsigned r = m->reasons;
#define SEP()                                                                                      \
    do {                                                                                           \
        if (!first)                                                                                \
            rotas__buf_puts(b, sep);                                                               \
        first = 0;                                                                                 \
    } while (0)
    if (r & ROTAS_REASON_LEADER_TENURE) {
        SEP();
        if (lang == ROTAS_LANG_EN)
            rotas__buf_printf(b, "principal/vice-principal %d years in post",
                              p->leader_tenure_years);
        else
            rotas__buf_printf(b, "交流年限满%d年的校长/副校长", p->leader_tenure_years);
    }
    if (r & ROTAS_REASON_TENURE) {
        SEP();
        if (lang == ROTAS_LANG_EN)
            rotas__buf_printf(b, "%d years at the school", p->teacher_tenure_years);
        else
            rotas__buf_printf(b, "任教满%d年", p->teacher_tenure_years);
    }
    if (r & ROTAS_REASON_SHORTAGE) {
        SEP();
        const char *sub =
            m->shortage_subject >= 0 ? rotas__subject_name(c, m->shortage_subject, lang) : NULL;
        if (lang == ROTAS_LANG_EN)
            rotas__buf_printf(b, "fills shortage subject%s%s", sub ? ": " : "", sub ? sub : "");
        else
            rotas__buf_printf(b, "补充紧缺学科%s%s", sub ? "：" : "", sub ? sub : "");
    }
    if (r & ROTAS_REASON_QUOTA) {
        SEP();
        double pct = p->min_rotation_share * 100.0;
        if (lang == ROTAS_LANG_EN)
            rotas__buf_printf(b, "%g%% rotation share", pct);
        else
            rotas__buf_printf(b, "完成%g%%交流比例", pct);
    }
    if (r & ROTAS_REASON_KEY_SHARE) {
        SEP();
        rotas__buf_puts(b, lang == ROTAS_LANG_EN ? "key-teacher share" : "骨干教师比例");
    }
    if (r & ROTAS_REASON_BALANCE) {
        SEP();
        rotas__buf_puts(b, lang == ROTAS_LANG_EN ? "balance" : "均衡配置");
    }
    if (r & ROTAS_REASON_PREFERENCE) {
        SEP();
        if (m->preference_rank > 0) {
            if (lang == ROTAS_LANG_EN)
                rotas__buf_printf(b, "own preference #%d", m->preference_rank);
            else
                rotas__buf_printf(b, "本人志愿第%d", m->preference_rank);
        } else {
            rotas__buf_puts(b, lang == ROTAS_LANG_EN ? "own preference" : "本人志愿");
        }
    }
    if (r & ROTAS_REASON_GROUP) {
        SEP();
        rotas__buf_puts(b, lang == ROTAS_LANG_EN ? "within education group" : "集团内交流");
    }
    if (r & ROTAS_REASON_GROUP_DISPATCH) {
        SEP();
        rotas__buf_puts(b, lang == ROTAS_LANG_EN ? "sent by the group's head school"
                                                 : "集团牵头校派驻");
    }
#undef SEP
}

void rotas__bell_text(char *out, size_t n, const rotas_county *c, int s, int period)
{
    out[0] = '\0';
    if (s < 0 || (size_t)s >= c->n_schools || period < 0)
        return;
    size_t nb = 0;
    const rotas_bell_period *bell = rotas_school_bell(&c->schools[s], &nb);
    if ((size_t)period >= nb)
        return;
    snprintf(out, n, "%02d:%02d-%02d:%02d", bell[period].start / 60, bell[period].start % 60,
             bell[period].end / 60, bell[period].end % 60);
}

double rotas__cv_limit(int row)
{
    return row == 0 ? 0.50 : row == 1 ? 0.45 : -1.0;
}

/* For a move that fills a shortage: the weekly periods of that subject short where the teacher
   goes (its cluster for a shortage subject taught by itinerant teachers, else the school)
   before the plan (the true shortage, rotas_shortage_compute) and after it (the plan's
   unfilled[], the same measure, which the checker verifies). Nothing when they cannot be
   computed. */
static int in_place(const rotas_county *c, int s, int to, int pooled)
{
    return pooled ? c->schools[s].cluster == c->schools[to].cluster : s == to;
}

static void shortage_figures(rotas__buf *b, const rotas_plan *p, const rotas_county *c,
                             const rotas_move *mv, rotas_lang lang)
{
    int j = mv->shortage_subject;
    if (!(mv->reasons & ROTAS_REASON_SHORTAGE) || j < 0 || (size_t)j >= c->n_subjects ||
        mv->to < 0 || (size_t)mv->to >= c->n_schools)
        return;
    size_t ns = c->n_schools, nj = c->n_subjects;
    int pooled = c->subjects[j].shortage && c->schools[mv->to].cluster >= 0;
    double *before = malloc(ns * nj * sizeof *before);
    if (before && !rotas_shortage_compute(before, NULL, c, &p->policy, NULL, NULL)) {
        double u0 = 0.0, u1 = 0.0;
        for (size_t s = 0; s < ns; s++)
            if (in_place(c, (int)s, mv->to, pooled))
                u0 += before[s * nj + (size_t)j];
        for (size_t k = 0; k < p->n_unfilled; k++) {
            const rotas_unfilled *u = &p->unfilled[k];
            if (u->subject == j && u->school >= 0 && (size_t)u->school < ns &&
                in_place(c, u->school, mv->to, pooled))
                u1 += u->periods;
        }
        const char *sub = rotas__subject_name(c, j, lang);
        if (lang == ROTAS_LANG_EN)
            rotas__buf_printf(b,
                              ". Short of %s %s: %.0f periods a week before the plan, %.0f after",
                              sub, pooled ? "in the cluster" : "at the school", u0, u1);
        else
            rotas__buf_printf(b, "。%s%s每周缺%.0f节，交流后缺%.0f节", pooled ? "该片区" : "该校",
                              sub, u0, u1);
    }
    free(before);
}

char *rotas_render_teacher_outcome(const rotas_plan *p, const rotas_county *c, int t,
                                   rotas_lang lang)
{
    if (t < 0 || (size_t)t >= c->n_teachers)
        return NULL;
    const rotas_teacher *tc = &c->teachers[t];
    const rotas_policy *pol = &p->policy;
    int en = lang == ROTAS_LANG_EN;
    rotas__buf b = {0};
    rotas__buf_printf(&b, en ? "%s (%s, %s, %s): " : "%s（%s，%s，%s）：",
                      tc->name ? tc->name : tc->id, tc->id, rotas__role_label((int)tc->role, lang),
                      tc->n_subjects ? rotas__subject_name(c, tc->subjects[0], lang) : "");
    const rotas_move *mv = NULL;
    for (size_t k = 0; k < p->n_moves && !mv; k++)
        if (p->moves[k].teacher == t)
            mv = &p->moves[k];
    if (mv) {
        rotas__buf_printf(&b,
                          en ? "moves to %s (%.1f km), rotation %d–%d. Why: "
                             : "调往%s（%.1f公里），%d–%d年交流轮岗。理由：",
                          rotas__school_name(c, mv->to), mv->km, p->year, mv->until);
        rotas__reasons_text(&b, mv, c, pol, lang);
        shortage_figures(&b, p, c, mv, lang);
        rotas__buf_puts(&b, en ? ".\n" : "。\n");
    } else {
        int tenure = p->year - tc->school_since, post = p->year - tc->post_since;
        int leader = tc->role == ROTAS_ROLE_PRINCIPAL || tc->role == ROTAS_ROLE_VICE_PRINCIPAL;
        rotas__buf_printf(&b, en ? "stays at %s" : "留在%s", rotas__school_name(c, tc->school));
        if (tc->exempt)
            rotas__buf_printf(&b, en ? ": exempt (%s).\n" : "：不参加交流（%s）。\n", tc->exempt);
        else if (tc->exchange_until >= p->year)
            rotas__buf_printf(&b, en ? ": on an exchange until %d.\n" : "：正在交流，至%d年。\n",
                              tc->exchange_until);
        else if (tenure < pol->teacher_tenure_years &&
                 !(leader && post >= pol->leader_tenure_years))
            rotas__buf_printf(&b,
                              en ? ": %d years at the school, eligible after %d.\n"
                                 : "：在本校任教%d年，满%d年才符合交流条件。\n",
                              tenure, pol->teacher_tenure_years);
        else
            rotas__buf_printf(&b,
                              en ? ": eligible (%d years at the school), but not needed this "
                                   "year: the rules and the shortages are met without this move.\n"
                                 : "：符合交流条件（在本校任教%d年），但本年度的交流比例和缺课学科"
                                   "不需要其交流。\n",
                              tenure);
    }
    if (b.oom) {
        rotas__buf_free(&b);
        return NULL;
    }
    char *out = rotas_strdup(rotas__buf_str(&b));
    rotas__buf_free(&b);
    return out;
}

const char *rotas_render_plain_status(char *buf, size_t n, const rotas_plan *p, rotas_lang lang)
{
    return rotas__plain_status(buf, n, (int)p->status, p->gap, p->n_relaxed > 0, lang);
}
