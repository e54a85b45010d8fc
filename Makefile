# Used by `sam build` (template.yaml: BuildMethod makefile). All four functions run from one deployment jar,
# functions/target/bankfeed-functions-lambda.jar; the Lambda Java runtime puts lib/*.jar on the class path.
#
# SAM never shares a makefile build between functions: it runs one build-<Function> target per function, each
# in its own scratch copy of the source. So the jar is built here, in the checkout that holds this Makefile (not
# in $(CURDIR), the scratch copy), as a file target: the first target builds it with the Maven reactor, the
# other three find it newer than every source and pom and only copy it.
MVN ?= mvn -B -ntp -q
ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
JAR := $(ROOT)/functions/target/bankfeed-functions-lambda.jar
SOURCES := $(ROOT)/pom.xml $(ROOT)/shared/pom.xml $(ROOT)/functions/pom.xml \
	$(shell find "$(ROOT)/shared/src/main" "$(ROOT)/functions/src/main" -type f)
# `sam build --parallel` runs the targets at once: one Maven build at a time in the checkout (flock is Linux's;
# elsewhere build without --parallel).
LOCK := $(if $(shell command -v flock),flock "$(ROOT)/functions/target/.build.lock",)

$(JAR): $(SOURCES)
	mkdir -p "$(ROOT)/functions/target"
	$(LOCK) $(MVN) -f "$(ROOT)/pom.xml" package -DskipTests -pl functions -am
	touch "$@"

build-ListAccountsFunction build-SnapshotBalancesFunction build-SyncTransactionsFunction build-ReadApiFunction: $(JAR)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp "$(JAR)" "$(ARTIFACTS_DIR)/lib/"

.PHONY: build-ListAccountsFunction build-SnapshotBalancesFunction build-SyncTransactionsFunction build-ReadApiFunction
