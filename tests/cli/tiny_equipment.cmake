# A base-year equipment stock of a few 1e-300 NOK in the service a capital lever invests in:
# the capital ratio overflows, a data error naming the file (exit 4; it reached the CSV
# writer as a non-finite value, exit 5, before). Variables: CARECAST, WORKDIR, OUT.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
file(READ "${WORKDIR}/config/norway/equipment_investment.csv" text)
string(REGEX REPLACE "(\nsomatic_specialist,[a-z_]+,)[0-9.]+" "\\11e-300" text "${text}")
file(WRITE "${OUT}/equipment_investment.csv" "${text}")
execute_process(COMMAND "${CARECAST}" validate scenarios/equipment-investment.yaml
                        --set "data.equipment_investment.file=${OUT}/equipment_investment.csv"
                WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 4 OR NOT err MATCHES "equipment_investment\\.csv: scenario '[^']+': the base-year equipment of service number 1 costs [0-9.e-]+ NOK a year, too little for its capital levers' investment")
  message(FATAL_ERROR "exit ${code}, expected 4 naming the tiny equipment stock\n${err}")
endif()
