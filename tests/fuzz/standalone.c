/*
 * Replays fuzz inputs without libFuzzer: every file named on the command
 * line, or found in a folder named there, goes once through the target's
 * LLVMFuzzerTestOneInput. This is how the normal test run (and the
 * sanitizer build) keeps every corpus file passing with gcc.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
replay_file(const char *path)
{
	FILE	*fp;
	uint8_t	*data;
	long	 len;

	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "cannot open '%s'\n", path);
		return (-1);
	}
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	data = malloc(len > 0 ? (size_t)len : 1);
	if (data == NULL || (len > 0 && fread(data, 1, (size_t)len, fp) !=
	    (size_t)len)) {
		fprintf(stderr, "cannot read '%s'\n", path);
		fclose(fp);
		free(data);
		return (-1);
	}
	fclose(fp);
	LLVMFuzzerTestOneInput(data, (size_t)len);
	free(data);
	return (0);
}

static int
replay(const char *path, int *count)
{
	struct stat	 sb;
	struct dirent	*de;
	DIR		*dir;
	char		 child[4096];
	int		 rc = 0;

	if (stat(path, &sb) != 0) {
		fprintf(stderr, "no such file or folder '%s'\n", path);
		return (-1);
	}
	if (!S_ISDIR(sb.st_mode)) {
		(*count)++;
		return (replay_file(path));
	}
	if ((dir = opendir(path)) == NULL)
		return (-1);
	while ((de = readdir(dir)) != NULL && rc == 0) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(child, sizeof child, "%s/%s", path, de->d_name);
		rc = replay(child, count);
	}
	closedir(dir);
	return (rc);
}

int
main(int argc, char **argv)
{
	int	 i, count = 0;

	for (i = 1; i < argc; i++) {
		if (replay(argv[i], &count) != 0)
			return (1);
	}
	printf("%d inputs replayed\n", count);
	return (count > 0 ? 0 : 1);
}
