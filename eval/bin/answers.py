import re,sys,glob
files=glob.glob(sys.argv[1]+'/*.ron')
best=max(files,key=lambda f: open(f).read().count('question:'))
t=open(best).read()
a=t[t.index('answers:'):]; a=a[:a.index('\n    ],')]
for q,ch in re.findall(r'question: "([^"]+)",\s*choices: \[(.*?)\]',a,re.S):
    cs=re.findall(r'"([^"]+)"',ch)
    print('            ("%s", [%s]),' % (q, ', '.join('"%s"' % c for c in cs)))
