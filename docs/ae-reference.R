# Independent count of the adverse-event table of `mmpipe summarize` (SPEC 3 `ae.csv`),
# used to check ae.csv on an emitted dataset without mmpipe's code.
#
#   Rscript docs/ae-reference.R DIR OUT.csv
#
# DIR holds adsl.csv and adae.csv. The term map below is the part of schemas/ae-terms.yaml
# that the bundled samples and `mmpipe synth` use (reported term -> canonical term -> group);
# other terms are counted under their own name. Each patient of the analysis population
# (adsl.csv) counts once per term and once per group at the worst grade of its
# treatment-emergent events (TRTEMFL == "Y"); grade 3-4 = worst grade 3 or 4.
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; out <- args[2]
adsl <- read.csv(file.path(dir, "adsl.csv"), colClasses = "character", na.strings = "")
adae <- read.csv(file.path(dir, "adae.csv"), colClasses = "character", na.strings = "", encoding = "UTF-8")
map <- data.frame(
  reported = c("Anaemia", "Anemia", "Thrombocytopenia", "Piastrinopenia", "Neutropenia",
               "Infection", "Infezione (febbre > 38\u00b0C)", "Pneumonia", "Polmonite"),
  term = c("Anaemia", "Anaemia", "Thrombocytopenia", "Thrombocytopenia", "Neutropenia",
           "Infection, other", "Infection, other", "Pneumonia", "Pneumonia"),
  stringsAsFactors = FALSE)
# Row order of the dictionary; a group with several terms is followed by them.
layout <- data.frame(
  row = c("Haematological toxicity", "Anaemia", "Thrombocytopenia", "Neutropenia",
          "Infection", "Pneumonia", "Infection, other"),
  terms = I(list(c("Anaemia", "Thrombocytopenia", "Neutropenia"), "Anaemia", "Thrombocytopenia", "Neutropenia",
                 c("Pneumonia", "Infection, other"), "Pneumonia", "Infection, other")),
  stringsAsFactors = FALSE)
te <- adae[!is.na(adae$TRTEMFL) & adae$TRTEMFL == "Y" & adae$USUBJID %in% adsl$USUBJID, ]
te$TERM <- map$term[match(te$AETERM, map$reported)]
unknown <- is.na(te$TERM)
te$TERM[unknown] <- te$AETERM[unknown]
te$G <- suppressWarnings(as.integer(te$AETOXGR)); te$G[is.na(te$G)] <- 0L
n <- nrow(adsl)
count <- function(rows) {
  if (nrow(rows) == 0) return(NULL)
  worst <- tapply(rows$G, rows$USUBJID, max)
  c(length(worst), sum(worst >= 3 & worst <= 4))
}
res <- NULL
for (i in seq_len(nrow(layout))) {
  k <- count(te[te$TERM %in% layout$terms[[i]], ])
  if (!is.null(k)) res <- rbind(res, data.frame(TERM = layout$row[i], N_ANY = k[1], N_G34 = k[2]))
}
for (t in sort(unique(te$TERM[unknown]))) {
  k <- count(te[te$TERM == t, ])
  res <- rbind(res, data.frame(TERM = t, N_ANY = k[1], N_G34 = k[2]))
}
res$PCT_ANY <- sprintf("%.1f", 100 * res$N_ANY / n)
res$PCT_G34 <- sprintf("%.1f", 100 * res$N_G34 / n)
write.csv(res[, c("TERM", "N_ANY", "PCT_ANY", "N_G34", "PCT_G34")], out, row.names = FALSE)
