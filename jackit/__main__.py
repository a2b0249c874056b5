from jackit.cli import main

main()
