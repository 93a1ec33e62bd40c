# One entry point: every target delegates to scripts/dev.sh (see README.md).
.PHONY: setup run test shell i18n db-start db-stop

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
