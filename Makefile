# One entry point: every target delegates to scripts/dev.sh (see README.md).
.PHONY: setup run test shell i18n db-start db-stop load

setup:
	@scripts/dev.sh setup

run:
	@scripts/dev.sh run

test:
	@scripts/dev.sh test

shell:
	@scripts/dev.sh shell

db-start:
	@scripts/dev.sh db-start

db-stop:
	@scripts/dev.sh db-stop

i18n:
	@scripts/dev.sh i18n

# Backups (README "Production"): Odoo's zip (database + filestore) under .local/backups/.
.PHONY: backup restore
backup:
	@scripts/dev.sh backup

restore:
	@scripts/dev.sh restore "$(FILE)"

# Production server (README "Production"): workers, limits, proxy mode.
.PHONY: serve
serve:
	@scripts/dev.sh serve

# Benchmark of the database work: make bench SCALE=L (S by default)
.PHONY: bench
bench:
	@scripts/dev.sh bench $(or $(SCALE),S)

# Load test (README "Production"): make load [TOPOLOGY=one|two|both] [LOAD_USERS=50] [LOAD_SECONDS=60] [FAULT=pg-restart|worker-kill|server-restart]
.PHONY: load
load:
	@TOPOLOGY="$(TOPOLOGY)" LOAD_USERS="$(LOAD_USERS)" LOAD_SECONDS="$(LOAD_SECONDS)" FAULT="$(FAULT)" scripts/dev.sh load

# The long run of the stateful fuzz test: make fuzz [FUZZ_STEPS=2500] [FUZZ_SEED=20261203]
.PHONY: fuzz
fuzz:
	@FUZZ_STEPS="$(FUZZ_STEPS)" FUZZ_SEED="$(FUZZ_SEED)" scripts/dev.sh fuzz
