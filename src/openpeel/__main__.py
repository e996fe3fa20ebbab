from openpeel.cli import main

main()
