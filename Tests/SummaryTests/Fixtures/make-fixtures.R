# Seeded generator of the summarize fixtures (Tests/SummaryTests/Fixtures/).
# Writes cohort/{adsl,adtte,adrs}.csv: 300 patients in the SPEC 7 layout, times on a
# 14-day visit grid (many ties, censorings on event days), strata whose curves never reach
# the median, a PFS censored at day 0. small/ is written by hand (see README in docs/summary.md).
# Run from this folder:  Rscript make-fixtures.R
set.seed(20261125)
n <- 300
id <- sprintf("FIX-%02d-%012x", (0:(n - 1)) %% 7 + 1, 0x1000 + 37 * (1:n))
site <- sprintf("%02d", (0:(n - 1)) %% 7 + 1)
yn <- function(p, m = 0) { v <- ifelse(runif(n) < p, "Y", "N"); v[runif(n) < m] <- NA; v }
age <- pmin(90, pmax(38, round(rnorm(n, 68, 9))))
sex <- ifelse(runif(n) < 0.55, "M", "F")
iso <- sample(c("IgG kappa", "IgG lambda", "IgA kappa", "IgA lambda", "IgD lambda", "IgM kappa",
                "light chain kappa", "light chain lambda"), n, TRUE,
              prob = c(.35, .24, .12, .09, .01, .01, .10, .08))
iss <- sample(c("I", "II", "III"), n, TRUE, prob = c(.45, .38, .17)); iss[runif(n) < .05] <- NA
ldhhi <- yn(.2, .03)
cytorisk <- sample(c("STANDARD", "HIGH"), n, TRUE, prob = c(.7, .3)); cytorisk[runif(n) < .4] <- NA
riss <- ifelse(is.na(iss), NA, ifelse(iss == "I" & !is.na(cytorisk) & cytorisk == "STANDARD", "I",
               ifelse(iss == "III" & (cytorisk %in% "HIGH" | ldhhi %in% "Y"), "III", "II")))
r2iss <- sample(c("I", "II", "III", "IV"), n, TRUE, prob = c(.2, .35, .35, .1)); r2iss[is.na(cytorisk)] <- NA
creat <- round(exp(rnorm(n, log(0.95), 0.35)), 2)
weight <- rnorm(n, 72, 12)
crcl <- round((140 - age) * weight / (72 * creat) * ifelse(sex == "F", 0.85, 1), 1)
prior <- pmin(7, 1 + rpois(n, 1.1))
dara <- yn(.35)
darar <- ifelse(dara == "Y", yn(.9), "N")
lenr <- yn(.85)
cd38r <- ifelse(dara == "Y" & darar == "Y", "Y", yn(.05))
pir <- yn(.5)
tcr <- ifelse(lenr == "Y" & pir == "Y" & cd38r == "Y", "Y", "N")
penta <- ifelse(tcr == "Y", yn(.3), "N")
disstat <- sample(c("BIOCHEMICAL_RELAPSE", "SYMPTOMATIC_RELAPSE", "REFRACTORY", "NO_PROGRESSION"), n, TRUE,
                  prob = c(.21, .5, .25, .04))
bor <- sample(c("SCR", "CR", "VGPR", "PR", "MR", "SD", "PD", "NE"), n, TRUE,
              prob = c(.03, .11, .28, .3, .06, .1, .07, .05))
rank <- c(SCR = 1, CR = 2, VGPR = 3, PR = 4, MR = 5, SD = 6, PD = 7)
flag <- function(k) ifelse(bor == "NE", NA, ifelse(rank[bor] <= k, "Y", "N"))
indexdt <- as.Date("2019-01-01") + sample(0:900, n, TRUE)
adsl <- data.frame(STUDYID = "FIX", SITEID = site, USUBJID = id, SEX = sex, AGE = age,
  AGEGR1 = ifelse(age < 70, "<70", ">=70"), INDEXDT = format(indexdt), INDEXLOT = prior + 1,
  PRIORLOT = prior, PRASCTFL = yn(.6), ISOTYPE = iso, ECOG = sample(c(0, 1, 2, 3), n, TRUE, c(.4, .4, .15, .05)),
  ISS = iss, RISS = riss, R2ISS = r2iss, LDH = round(exp(rnorm(n, log(200), .35))), LDHHIFL = ldhhi,
  CREAT = creat, CRCL = crcl, CRCL60FL = ifelse(crcl < 60, "Y", "N"), CYTORISK = cytorisk,
  GAIN1QFL = ifelse(is.na(cytorisk), NA, yn(.25)), DISSTAT = disstat, LENEXFL = "Y", LENRFL = lenr,
  DARAEXFL = dara, DARARFL = darar, CD38EXFL = ifelse(dara == "Y" | cd38r == "Y", "Y", "N"), CD38RFL = cd38r,
  TCRFL = tcr, PENTARFL = penta, BOR = bor, RESPFL = flag(4), VGPRFL = flag(3), CRFL = flag(2),
  stringsAsFactors = FALSE)

# Hazards per month: worse with ISS III, daratumumab exposure; OS rarely reaches its median in ISS I.
grid <- 14
hr <- exp(0.45 * (iss %in% "II") + 1.0 * (iss %in% "III") + 0.6 * (dara == "Y"))
admin <- sample(seq(grid * 20, grid * 80, by = grid), n, TRUE)   # end of follow-up, days
mk <- function(rate, param, label, evdesc) {
  ev <- ceiling(rexp(n, rate * hr) * 30.4375 / grid) * grid
  drop <- ceiling(runif(n, 0, 2000) / grid) * grid                 # loss to follow-up
  cens <- pmin(admin, drop)
  t <- pmin(ev, cens); cnsr <- ifelse(ev <= cens, 0, 1)          # event on the censoring day = event
  data.frame(STUDYID = "FIX", USUBJID = id, SITEID = site, PARAMCD = param, PARAM = label,
             STARTDT = format(indexdt), ADT = format(indexdt + t), AVAL = t,
             AVALM = sprintf("%.4f", t / 30.4375), CNSR = cnsr,
             EVNTDESC = ifelse(cnsr == 0, evdesc, ""), CNSDTDSC = ifelse(cnsr == 1, "LAST ASSESSMENT", ""),
             stringsAsFactors = FALSE)
}
pfs <- mk(1 / 16, "PFS", "Progression-free survival", "PROGRESSION")
pfs$AVAL[5] <- 0; pfs$ADT[5] <- pfs$STARTDT[5]; pfs$CNSR[5] <- 1; pfs$AVALM[5] <- "0.0000"
os <- mk(1 / 90, "OS", "Overall survival", "DEATH")
ttnt <- mk(1 / 20, "TTNT", "Time to next treatment", "NEXT LINE")
# A designed subgroup (SUBGRP = DESIGNED, patients 1-20) whose PFS curve reaches exactly 0.5
# as a product of 20 factors (10 events, then a censoring on the 10th event's day), stays flat,
# then drops: R's median is the midpoint of the flat stretch. Its OS never reaches 0.5.
des <- 1:20
pfs_t <- c(14 * (1:10), 140, 196, 210, rep(280, 7))
pfs_c <- c(rep(0, 10), 1, 0, 0, rep(1, 7))
set_tte <- function(d, t, c) {
  d$AVAL[des] <- t; d$CNSR[des] <- c; d$ADT[des] <- format(indexdt[des] + t)
  d$AVALM[des] <- sprintf("%.4f", t / 30.4375)
  d$EVNTDESC[des] <- ifelse(c == 0, d$EVNTDESC[1], ""); d$CNSDTDSC[des] <- ifelse(c == 1, "LAST ASSESSMENT", "")
  d
}
pfs <- set_tte(pfs, pfs_t, pfs_c)
pfs$EVNTDESC[des] <- ifelse(pfs_c == 0, "PROGRESSION", "")
os <- set_tte(os, c(56, 84, 300, 400, rep(800, 16)), c(0, 0, 0, 1, rep(1, 16)))
os$EVNTDESC[des] <- ifelse(os$CNSR[des] == 0, "DEATH", "")
adsl$SUBGRP <- ifelse(seq_len(n) %in% des, "DESIGNED", "RANDOM")
adtte <- rbind(pfs, os, ttnt)
adrs <- data.frame(USUBJID = id, LOT = prior + 1, ADT = "", PARAMCD = "BOR", AVALC = bor, RPTRESP = "",
                   CONFFL = "", AGREEFL = "", stringsAsFactors = FALSE)
dir.create("cohort", showWarnings = FALSE)
write.csv(adsl, "cohort/adsl.csv", row.names = FALSE, na = "", quote = FALSE)
write.csv(adtte, "cohort/adtte.csv", row.names = FALSE, na = "", quote = FALSE)
write.csv(adrs, "cohort/adrs.csv", row.names = FALSE, na = "", quote = FALSE)
