# P values of `summarize --by` Table 1 (SPEC 9: "the same tests" as compare's balance.csv),
# by R: chisq.test (Fisher's exact test when an expected count is < 5) on the table's levels,
# wilcox.test for two groups and kruskal.test for more. Run from this folder:
#   Rscript make-p-reference.R      → r-table1-p.csv (BYVAR, VARIABLE, P)
adsl <- read.csv("adsl.csv", colClasses = "character", na.strings = "")
num <- function(x) sprintf("%.15g", unname(x))
categorical <- list(SEX = c("M", "F"), ECOG = NULL, ISS = c("I", "II", "III"), RISS = c("I", "II", "III"),
                    R2ISS = c("I", "II", "III", "IV"), LDHHIFL = c("N", "Y"), PRASCTFL = c("N", "Y"),
                    LENEXFL = c("N", "Y"), LENRFL = c("N", "Y"), CD38EXFL = c("N", "Y"), CD38RFL = c("N", "Y"),
                    DARAEXFL = c("N", "Y"), DARARFL = c("N", "Y"), TCRFL = c("N", "Y"), PENTARFL = c("N", "Y"),
                    CYTORISK = c("STANDARD", "HIGH"), GAIN1QFL = c("N", "Y"))
continuous <- c("AGE", "CREAT", "CRCL", "LDH", "PRIORLOT")
rows <- list()
for (by in c("DARAEXFL", "ISS")) {
  d <- adsl[!is.na(adsl[[by]]), ]
  g <- d[[by]]
  for (v in continuous) {
    x <- as.numeric(d[[v]]); k <- !is.na(x)
    p <- if (length(unique(g)) == 2) { lv <- sort(unique(g)); wilcox.test(x[k & g == lv[1]], x[k & g == lv[2]])$p.value } else kruskal.test(x[k], factor(g[k]))$p.value
    rows[[length(rows) + 1]] <- data.frame(BYVAR = by, VARIABLE = v, P = num(p))
  }
  for (v in names(categorical)) {
    if (v == by) next
    x <- d[[v]]
    if (v == "ECOG") x <- ifelse(is.na(x), NA, ifelse(as.integer(x) >= 2, ">=2", x))
    else x[!(x %in% categorical[[v]])] <- NA
    k <- !is.na(x)
    tab <- table(x[k], g[k])
    tab <- tab[rowSums(tab) > 0, colSums(tab) > 0, drop = FALSE]
    if (nrow(tab) < 2 || ncol(tab) < 2) next
    e <- suppressWarnings(chisq.test(tab))$expected
    p <- if (any(e < 5) && (nrow(tab) == 2 || ncol(tab) == 2)) fisher.test(tab)$p.value else suppressWarnings(chisq.test(tab))$p.value
    rows[[length(rows) + 1]] <- data.frame(BYVAR = by, VARIABLE = v, P = num(p))
  }
}
write.csv(do.call(rbind, rows), "r-table1-p.csv", row.names = FALSE, quote = FALSE)
