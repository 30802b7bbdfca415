from veier.cli import main

main()
