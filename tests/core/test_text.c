/* test_text.c -- tests of text.c: UTF-8 checks, folding and escaping. */
#include "text.h"

#include "fixture.h"

/* Folds s into a buffer of the test and returns it. */
static const char *fold(const char *s)
{
	static char buf[128];

	cb_text_fold(s, buf, sizeof buf);
	return buf;
}

/* Escapes s into a buffer of the test and returns it. */
static const char *escape(const char *s)
{
	static char buf[256];

	cb_text_escape(s, buf, sizeof buf);
	return buf;
}

Test(text, fold_headers)
{
	cr_assert_str_eq(fold("Razón Social"), "razon_social");
	cr_assert_str_eq(fold("  Fecha-Vencimiento "), "fecha_vencimiento");
	cr_assert_str_eq(fold("TELÉFONO"), "telefono");
	cr_assert_str_eq(fold("Año"), "ano");
	cr_assert_str_eq(fold("RUT_Cliente"), "rut_cliente");
	cr_assert_str_eq(fold("a - _ b"), "a_b");
	cr_assert_str_eq(fold("__x__"), "x");
	cr_assert_str_eq(fold("Dirección\u00a0Fiscal"), "direccion_fiscal");
	cr_assert_str_eq(fold("   "), "");
	cr_assert_str_eq(fold(""), "");
}

Test(text, fold_accents)
{
	cr_assert_str_eq(fold("áàâäãå éèêë íìîï óòôöõ úùûü ñ ç"),
	    "aaaaaa_eeee_iiii_ooooo_uuuu_n_c");
	cr_assert_str_eq(fold("ÁÀÂÄÃÅ ÉÈÊË ÍÌÎÏ ÓÒÔÖÕ ÚÙÛÜ Ñ Ç"),
	    "aaaaaa_eeee_iiii_ooooo_uuuu_n_c");
	cr_assert_str_eq(
	    fold("Cœur Ÿ ÿ Æ col·lecció"), "coeur_y_y_ae_col·leccio");
	/* Other letters are kept, only ASCII is lower-cased. */
	cr_assert_str_eq(fold("Straße ØRE Ωmega"), "straße_Øre_Ωmega");
	/* Bytes that are not UTF-8 are kept as they are. */
	cr_assert_str_eq(fold("A\xE9 B"), "a\xE9_b");
}

Test(text, fold_size)
{
	char buf[8];

	cr_assert_eq(cb_text_fold("Razón Social", buf, sizeof buf), 12);
	cr_assert_str_eq(buf, "razon_s");
	cr_assert_eq(cb_text_fold("Razón", NULL, 0), 5);
	buf[0] = 'x';
	cr_assert_eq(cb_text_fold("Razón", buf, 1), 5);
	cr_assert_str_eq(buf, "");
	/* A character that does not fit whole is left out. */
	cr_assert_eq(cb_text_fold("abcdefΩ", buf, sizeof buf), 8);
	cr_assert_str_eq(buf, "abcdef");
}

Test(text, copy_cuts_to_fit_and_terminates)
{
	char buf[6];
	memset(buf, 'x', sizeof buf);
	cb_text_copy(buf, sizeof buf, "abc");
	cr_expect_str_eq(buf, "abc");
	cb_text_copy(buf, sizeof buf, "abcdefgh");
	cr_expect_str_eq(buf, "abcde");
	cb_text_copy(buf, sizeof buf, NULL);
	cr_expect_str_eq(buf, "");
	cb_text_copy(buf, 1, "abc");
	cr_expect_str_eq(buf, "");
}

Test(text, valid_utf8)
{
	cr_assert(cb_text_valid_utf8("", 0));
	cr_assert(cb_text_valid_utf8("plain ASCII text, long enough", 29));
	cr_assert(cb_text_valid_utf8("a\0b", 3));
	cr_assert(cb_text_valid_utf8("Año €", strlen("Año €")));
	cr_assert(cb_text_valid_utf8("\x7F", 1));
	cr_assert(cb_text_valid_utf8("\xC2\x80", 2));         /* U+0080 */
	cr_assert(cb_text_valid_utf8("\xDF\xBF", 2));         /* U+07FF */
	cr_assert(cb_text_valid_utf8("\xE0\xA0\x80", 3));     /* U+0800 */
	cr_assert(cb_text_valid_utf8("\xED\x9F\xBF", 3));     /* U+D7FF */
	cr_assert(cb_text_valid_utf8("\xEE\x80\x80", 3));     /* U+E000 */
	cr_assert(cb_text_valid_utf8("\xEF\xBF\xBF", 3));     /* U+FFFF */
	cr_assert(cb_text_valid_utf8("\xF0\x90\x80\x80", 4)); /* U+10000 */
	cr_assert(cb_text_valid_utf8("\xF4\x8F\xBF\xBF", 4)); /* U+10FFFF */
	cr_assert_not(cb_text_valid_utf8("\x80", 1));         /* lone tail */
	cr_assert_not(cb_text_valid_utf8("\xC0\x80", 2));     /* overlong */
	cr_assert_not(cb_text_valid_utf8("\xC1\xBF", 2));     /* overlong */
	cr_assert_not(cb_text_valid_utf8("\xE0\x9F\xBF", 3)); /* overlong */
	cr_assert_not(cb_text_valid_utf8("\xF0\x8F\xBF\xBF", 4)); /* overlong */
	cr_assert_not(cb_text_valid_utf8("\xED\xA0\x80", 3));     /* D800 */
	cr_assert_not(cb_text_valid_utf8("\xED\xBF\xBF", 3));     /* DFFF */
	cr_assert_not(cb_text_valid_utf8("\xF4\x90\x80\x80", 4)); /* 110000 */
	cr_assert_not(cb_text_valid_utf8("\xF5\x80\x80\x80", 4));
	cr_assert_not(cb_text_valid_utf8("\xFF", 1));
	cr_assert_not(cb_text_valid_utf8("\xC3", 1));         /* truncated */
	cr_assert_not(cb_text_valid_utf8("\xE2\x82", 2));     /* truncated */
	cr_assert_not(cb_text_valid_utf8("\xE2\x82\x41", 3)); /* bad tail */
	cr_assert_not(cb_text_valid_utf8("Caf\xE9", 4));      /* Latin-1 */
	/* The length is obeyed: the sequence is cut by it. */
	cr_assert_not(cb_text_valid_utf8("\xE2\x82\xAC", 2));
	cr_assert(cb_text_valid_utf8("abcdefgh\xE2\x82\xAC", 11));
	cr_assert_not(cb_text_valid_utf8("abcdefghijklmnop\xE9", 17));
}

Test(text, find_control)
{
	const char *s, *p;
	uint32_t cp = 0;

	cr_assert_null(cb_text_find_control("Razón Social € ok", &cp));
	s = "ab\x1B[31m";
	cr_assert_eq(cb_text_find_control(s, &cp), s + 2);
	cr_assert_eq(cp, 0x1B);
	s = "x\ty";
	cr_assert_eq(cb_text_find_control(s, &cp), s + 1);
	cr_assert_eq(cp, '\t');
	s = "ñ\xC2\x85z"; /* C1 NEL */
	cr_assert_eq(cb_text_find_control(s, &cp), s + 2);
	cr_assert_eq(cp, 0x85);
	s = "file\u202Etxt.exe"; /* right-to-left override */
	cr_assert_eq(cb_text_find_control(s, &cp), s + 4);
	cr_assert_eq(cp, 0x202E);
	s = "a\x7F";
	cr_assert_eq(cb_text_find_control(s, NULL), s + 1);
	s = "\u061C\u2066";
	cr_assert_eq(cb_text_find_control(s, &cp), s);
	cr_assert_eq(cp, 0x61C);
	p = cb_text_find_control("\u200F", &cp);
	cr_assert_not_null(p);
	cr_assert_eq(cp, 0x200F);
	/* Neighbours of the controls are not controls. */
	cr_assert_null(
	    cb_text_find_control("\u00A0\u061B\u2029\u202F\u206A", &cp));
	/* A byte that is not UTF-8 is not a character: it is passed. */
	s = "\x85\xC2\x85";
	cr_assert_eq(cb_text_find_control(s, &cp), s + 1);
	cr_assert_eq(cp, 0x85);
}

Test(text, escape)
{
	cr_assert_str_eq(escape("plain ñandú"), "plain ñandú");
	cr_assert_str_eq(escape("\x1B[2J"), "\\e[2J");
	cr_assert_str_eq(escape("a\nb\tc\rd"), "a\\nb\\tc\\rd");
	cr_assert_str_eq(escape("\x01\x1F\x7F"), "^A^_<U+007F>");
	cr_assert_str_eq(escape("x\xC2\x85y"), "x<U+0085>y");
	cr_assert_str_eq(escape("gpj.\u202Eexe"), "gpj.<U+202E>exe");
	cr_assert_str_eq(escape("Caf\xE9!"), "Caf\\xE9!");
	cr_assert_str_eq(escape("\xED\xA0\x80"), "\\xED\\xA0\\x80");
	cr_assert_str_eq(escape("back\\slash"), "back\\slash");
}

Test(text, escape_size)
{
	char buf[6];

	cr_assert_eq(cb_text_escape("ab\x1B", NULL, 0), 4);
	cr_assert_eq(cb_text_escape("abc\x1B", buf, sizeof buf), 5);
	cr_assert_str_eq(buf, "abc\\e");
	/* An escape that does not fit whole is left out. */
	cr_assert_eq(cb_text_escape("abcd\x1B", buf, sizeof buf), 6);
	cr_assert_str_eq(buf, "abcd");
	cr_assert_eq(cb_text_escape("a\u202E", buf, sizeof buf), 9);
	cr_assert_str_eq(buf, "a");
}
